/** The storage conformance suite against the etcd:// driver on a throwaway etcd. */
import { after, before } from 'node:test';
import { open } from '../../src/storage/drivers/etcd/index.js';
import { createLogger } from '../../src/util/logging.js';
import { startEtcd, type EtcdServer } from '../support/etcd-server.js';
import { runBackendConformance } from './conformance.js';

let etcd: EtcdServer;
before(async () => {
  etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
});

runBackendConformance('etcd', {
  open: () => open(etcd.endpoint, { logger: createLogger('storage-etcd-test') }),
  ttlSlackSeconds: 2,
});
