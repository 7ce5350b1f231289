/** The storage conformance suite against the etcd:// driver on a throwaway etcd. */
import { after, before } from 'node:test';
import { open } from '../../src/storage/drivers/etcd/index.js';
import { createLogger } from '../../src/util/logging.js';
import { etcdSkipReason, startEtcd, type EtcdServer } from '../support/etcd-server.js';
import { runBackendConformance } from './conformance.js';

const skip = etcdSkipReason();
let etcd: EtcdServer;
before(async () => {
  if (!skip) etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
});

runBackendConformance('etcd', {
  open: () => open(etcd.endpoint, { logger: createLogger('storage-etcd-test') }),
  ttlSlackSeconds: 2,
  skip,
});
