import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { Kubectl } from './kubectl.js';
import { KtsServer } from './kts-server.js';

/**
 * Inside a `describe`: starts a `kts server` (memory store; a node agent only with `agent`)
 * before the tests and stops it after (asserting a clean exit). Returns the server and a kubectl bound to it, ready once `before` ran.
 */
export function useCluster(options: { agent?: boolean; args?: string[] } = {}): { server: KtsServer; kubectl: () => Kubectl } {
  const server = new KtsServer();
  let kubectl: Kubectl | undefined;
  before(async () => {
    await server.start(['--datastore-endpoint', 'memory://', ...(options.args ?? [])], { agent: options.agent });
    kubectl = new Kubectl(server.kubeconfig);
  });
  after(async () => {
    kubectl?.dispose();
    assert.equal(await server.stop(), 0);
  });
  return {
    server,
    kubectl: () => {
      if (!kubectl) throw new Error('the cluster is not started yet');
      return kubectl;
    },
  };
}
