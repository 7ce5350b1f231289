/**
 * What the storage benchmark measures: our `Backend` drivers and, as the baseline, raw etcd3
 * client calls against the same etcd. Each subject offers the same operations.
 */
import { CompareResult, CompareTarget, Etcd3, type ICompare } from 'etcd3';
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

/**
 * The baselines: etcd3 client calls straight on etcd, no checks, no retries. `put` mode writes
 * with plain puts (the baseline); `txn` mode does what any correct create/update must —
 * a put guarded by a compare in one txn, as Kubernetes does — so the gap between the two rows
 * is etcd's own txn cost. Only the response size cap is lifted, as in our driver, so a 10k-key
 * range fits in one message.
 */
export function rawEtcdSubject(clientUrl: string, mode: 'put' | 'txn'): StorageSubject {
  const client = new Etcd3({ hosts: clientUrl, grpcOptions: { 'grpc.max_receive_message_length': -1 } });
  const revisions = new Map<string, string>();
  const guardedPut = async (key: string, value: Uint8Array, compare: ICompare): Promise<void> => {
    const k = Buffer.from(key);
    const res = await client.kv.txn({ compare: [{ ...compare, key: k }], success: [{ request_put: { key: k, value: Buffer.from(value) } }] });
    if (!res.succeeded) throw new Error(`txn on ${key} failed`);
    revisions.set(key, res.header.revision);
  };
  return {
    name: `raw etcd3 ${mode}s (baseline)`,
    create: (key, value) =>
      mode === 'put'
        ? client.put(key).value(Buffer.from(value)).exec()
        : guardedPut(key, value, { target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 } as ICompare),
    update: (key, value) =>
      mode === 'put'
        ? client.put(key).value(Buffer.from(value)).exec()
        : guardedPut(key, value, { target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: revisions.get(key)! } as ICompare),
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
