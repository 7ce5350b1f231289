/**
 * What the storage benchmark measures: our `Backend` drivers and, as the baseline, raw etcd3
 * client calls against the same etcd. Each subject offers the same operations.
 */
import { Etcd3 } from 'etcd3';
import type { Backend } from '../src/storage/backend.js';

export interface StorageSubject {
  name: string;
  create(key: string, value: Uint8Array): Promise<unknown>;
  /** Overwrites an existing key (conditional on its revision where the subject supports it). */
  update(key: string, value: Uint8Array): Promise<unknown>;
  get(key: string): Promise<unknown>;
  /** Lists every key under `prefix`; returns how many. */
  list(prefix: string): Promise<number>;
  /** Calls `onKey` for every key created under `prefix` until `stop()`. */
  watch(prefix: string, onKey: (key: string) => void): Promise<{ stop(): Promise<void> }>;
  close(): Promise<void>;
}

export function backendSubject(name: string, backend: Backend): StorageSubject {
  const revisions = new Map<string, number>();
  return {
    name,
    async create(key, value) {
      revisions.set(key, (await backend.create(key, value)).revision);
    },
    async update(key, value) {
      revisions.set(key, (await backend.update(key, value, revisions.get(key)!)).revision);
    },
    get: (key) => backend.get(key),
    list: async (prefix) => (await backend.list(prefix)).items.length,
    async watch(prefix, onKey) {
      const watch = backend.watch(prefix, await backend.currentRevision());
      const done = (async () => {
        for await (const batch of watch) for (const e of batch) if (e.type === 'create') onKey(e.kv.key);
      })();
      return {
        async stop() {
          watch.close();
          await done;
        },
      };
    },
    close: async () => backend.dispose(),
  };
}

/** The baseline: plain etcd3 puts/gets/range/watch, no transactions, no checks. */
export function rawEtcdSubject(clientUrl: string): StorageSubject {
  const client = new Etcd3({ hosts: clientUrl });
  return {
    name: 'raw etcd3 (baseline)',
    create: (key, value) => client.put(key).value(Buffer.from(value)).exec(),
    update: (key, value) => client.put(key).value(Buffer.from(value)).exec(),
    get: (key) => client.get(key).buffer(),
    list: async (prefix) => Object.keys(await client.getAll().prefix(prefix).buffers()).length,
    async watch(prefix, onKey) {
      const watcher = await client.watch().prefix(prefix).create();
      watcher.on('put', (kv) => {
        if (kv.create_revision === kv.mod_revision) onKey(kv.key.toString());
      });
      return { stop: () => watcher.cancel() };
    },
    close: async () => client.close(),
  };
}
