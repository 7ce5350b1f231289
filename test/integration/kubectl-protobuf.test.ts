/**
 * What the real kubectl sends as protobuf (its `create <generator>` commands do), decoded by our
 * decoder, must equal what the same command prints as JSON with --dry-run=client. A small fake API
 * server answers discovery and records the bodies.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeKubernetesProtobuf } from '../../src/api/protobuf/decode.js';
import { Kubectl, kubectlSkipReason } from '../support/kubectl.js';

const RESOURCES: Record<string, [string, string, boolean][]> = {
  v1: [
    ['pods', 'Pod', true],
    ['configmaps', 'ConfigMap', true],
    ['secrets', 'Secret', true],
    ['namespaces', 'Namespace', false],
    ['services', 'Service', true],
    ['serviceaccounts', 'ServiceAccount', true],
    ['resourcequotas', 'ResourceQuota', true],
  ],
  'apps/v1': [['deployments', 'Deployment', true]],
  'batch/v1': [
    ['jobs', 'Job', true],
    ['cronjobs', 'CronJob', true],
  ],
  'rbac.authorization.k8s.io/v1': [
    ['roles', 'Role', true],
    ['rolebindings', 'RoleBinding', true],
  ],
  'scheduling.k8s.io/v1': [['priorityclasses', 'PriorityClass', false]],
  'networking.k8s.io/v1': [['ingresses', 'Ingress', true]],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true]],
};

function resourceList(groupVersion: string): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: RESOURCES[groupVersion]!.map(([name, kind, namespaced]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced,
      kind,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    })),
  };
}

/**
 * Drops what differs only in form: nulls and empty objects (JSON shows them, protobuf cannot carry
 * them) and zero scalars (Go sends value-typed zeros in protobuf, omits them in JSON).
 */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v);
      if (n === null || n === undefined || n === '' || n === 0 || n === false) continue;
      if (typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0) continue;
      out[k] = n;
    }
    return out;
  }
  return value;
}

describe('protobuf bodies from the real kubectl', { skip: kubectlSkipReason() }, () => {
  let server: Server;
  const bodies: { contentType: string; body: Buffer }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kts-kubectl-proto-'));
  let kubectl: Kubectl;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const json = (code: number, body: unknown): void => {
          res.writeHead(code, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const path = (req.url ?? '').split('?')[0]!;
        if (req.method === 'POST') {
          const body = Buffer.concat(chunks);
          bodies.push({ contentType: String(req.headers['content-type']), body });
          try {
            json(201, decodeKubernetesProtobuf(body));
          } catch (err) {
            json(400, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: String(err), reason: 'BadRequest', code: 400 });
          }
        } else if (path === '/version') json(200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
        else if (path === '/api') json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
        else if (path === '/apis') {
          const groups = Object.keys(RESOURCES).filter((gv) => gv.includes('/'));
          json(200, {
            kind: 'APIGroupList',
            apiVersion: 'v1',
            groups: groups.map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv, version: 'v1' }], preferredVersion: { groupVersion: gv, version: 'v1' } })),
          });
        } else if (path === '/api/v1') json(200, resourceList('v1'));
        else if (path.startsWith('/apis/') && RESOURCES[path.slice(6)]) json(200, resourceList(path.slice(6)));
        else json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const kubeconfig = join(dir, 'kubeconfig');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${url}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`);
    kubectl = new Kubectl(kubeconfig);
  });
  after(async () => {
    kubectl?.dispose();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const generators: string[][] = [
    ['configmap', 'cm', '--from-literal=a=1', '--from-literal=b=two'],
    ['secret', 'generic', 's', '--from-literal=password=hunter2'],
    ['namespace', 'team'],
    ['deployment', 'web', '--image=busybox:1.36', '--replicas=3', '--port=8080', '--', 'sleep', '3600'],
    ['deployment', 'idle', '--image=busybox:1.36', '--replicas=0'],
    ['service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443:https'],
    ['job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi'],
    ['cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *'],
    ['serviceaccount', 'robot'],
    ['role', 'reader', '--verb=get,list', '--resource=pods,configmaps'],
    ['rolebinding', 'read', '--role=reader', '--user=alice', '--serviceaccount=default:robot'],
    ['quota', 'small', '--hard=cpu=1500m,memory=1Gi,pods=10'],
    ['priorityclass', 'high', '--value=1000', '--description=important'],
    ['ingress', 'web', '--rule=example.com/api*=web:80'],
    ['poddisruptionbudget', 'web', '--selector=app=web', '--min-available=50%'],
  ];
  for (const args of generators) {
    test(`kubectl create ${args.slice(0, 2).join(' ')}`, async () => {
      const ns = args[0] === 'namespace' || args[0] === 'priorityclass' ? [] : ['-n', 'default'];
      // Flags go before `--`, after which come the container's command and arguments.
      const dashes = args.indexOf('--');
      const [flags, command] = dashes < 0 ? [args, []] : [args.slice(0, dashes), args.slice(dashes)];
      const expected = JSON.parse(await kubectl.ok(['create', ...ns, ...flags, '--dry-run=client', '-o', 'json', ...command]));
      const before = bodies.length;
      await kubectl.ok(['create', ...ns, ...args]);
      assert.equal(bodies.length, before + 1, 'kubectl sent one body');
      const sent = bodies[before]!;
      assert.equal(sent.contentType, 'application/vnd.kubernetes.protobuf');
      const decoded = decodeKubernetesProtobuf(sent.body);
      assert.deepEqual(normalize(decoded), normalize(expected));
      if (args[1] === 'idle') assert.equal((decoded['spec'] as { replicas?: number }).replicas, 0, 'a pointer zero is kept');
    });
  }
});
