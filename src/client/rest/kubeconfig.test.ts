import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKubeconfig } from './kubeconfig.js';

const DOC = `
apiVersion: v1
kind: Config
clusters:
- name: kts
  cluster: {server: "http://127.0.0.1:6443"}
- name: other
  cluster: {server: "http://10.0.0.1:6443"}
users:
- name: admin
  user: {}
- name: bot
  user: {token: abc}
contexts:
- name: kts
  context: {cluster: kts, user: admin}
- name: bot
  context: {cluster: other, user: bot, namespace: team}
current-context: kts
`;

describe('parseKubeconfig', () => {
  it('reads the current context', () => {
    assert.deepEqual(parseKubeconfig(DOC), { config: { server: 'http://127.0.0.1:6443' }, namespace: 'default' });
  });

  it('reads a named context with token and namespace', () => {
    assert.deepEqual(parseKubeconfig(DOC, 'bot'), { config: { server: 'http://10.0.0.1:6443', bearerToken: 'abc' }, namespace: 'team' });
  });

  it('names what is missing', () => {
    assert.throws(() => parseKubeconfig(DOC, 'nope'), /context "nope" not found/);
    assert.throws(() => parseKubeconfig(DOC.replace('current-context: kts', '')), /no current-context/);
    assert.throws(() => parseKubeconfig(DOC.replace('cluster: kts, user: admin', 'cluster: gone')), /cluster "gone" not found/);
  });
});
