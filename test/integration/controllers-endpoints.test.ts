/**
 * The endpoints and EndpointSlice controllers through the real kubectl. Pods run on a `kts sim`
 * hollow node (Ready once Running, with an IP from the node's pod CIDR: the local node's pods
 * would carry 127.0.0.1, which the API refuses in endpoints); the
 * readiness flips are driven on a node object no kubelet serves, by writing pod status through
 * the status subresource as a kubelet would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { KtsProcess } from '../support/kts-process.js';

const NODE = 'sim-0';
const STATIC_NODE = 'static-node';

interface Address {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; uid: string };
}
interface EndpointsView {
  metadata: { resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  subsets?: { addresses?: Address[]; notReadyAddresses?: Address[]; ports?: { name?: string; port: number; protocol: string }[] }[];
}
const EMPTY: EndpointsView = { metadata: { resourceVersion: '' } };

interface SliceView {
  metadata: { name: string; generateName?: string; labels: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] };
  addressType: string;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
  endpoints?: { addresses: string[]; conditions: { ready?: boolean; serving?: boolean; terminating?: boolean }; nodeName?: string; targetRef?: { name: string }; hostname?: string }[] | null;
}

describe('endpoints and EndpointSlice controllers', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  let sim: KtsProcess;
  before(async () => {
    kubectl = cluster();
    sim = new KtsProcess(['sim', '--nodes', '1', '--kubeconfig', server.kubeconfig]);
    await sim.waitForLog(/kts sim ready: 1 nodes registered/);
  });
  after(async () => {
    const result = await sim.stop('SIGTERM');
    assert.equal(result.code, 0, result.stderr);
  });

  const apply = (obj: object): Promise<string> => kubectl.ok(['apply', '-f', '-'], { stdin: JSON.stringify(obj) });
  const service = (name: string, spec: object, labels?: Record<string, string>) => apply({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(labels ? { labels } : {}) }, spec });
  const hollowPod = (name: string, labels: Record<string, string>, extra: { ports?: object[]; hostname?: string; subdomain?: string } = {}) =>
    apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
      spec: {
        nodeName: NODE,
        ...(extra.hostname ? { hostname: extra.hostname, subdomain: extra.subdomain } : {}),
        containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], ...(extra.ports ? { ports: extra.ports } : {}) }],
      },
    });
  const endpoints = async (name: string): Promise<EndpointsView | undefined> => {
    const r = await kubectl.run(['get', 'endpoints', name, '-o', 'json']);
    if (r.code !== 0) {
      assert.match(r.stderr, /NotFound/);
      return undefined;
    }
    return JSON.parse(r.stdout) as EndpointsView;
  };
  const slices = async (service: string): Promise<SliceView[]> =>
    (JSON.parse(await kubectl.ok(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${service}`, '-o', 'json'])) as { items: SliceView[] }).items;
  const podIP = async (name: string): Promise<string> => (await eventually(() => kubectl.ok(['get', 'pod', name, '-o', 'jsonpath={.status.podIP}']), (ip) => ip !== '')).trim();
  const readyAddresses = (ep: EndpointsView | undefined) => (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => `${a.ip}:${s.ports?.map((p) => p.port).join('/') ?? ''}`)).sort();

  let ipA = '';
  let ipB = '';
  let webUID = '';

  test('ready pods appear in Endpoints as ip:port and in an owned EndpointSlice with ready=true', async () => {
    await service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { tier: 'front' });
    await hollowPod('web-a', { app: 'web' }, { ports: [{ name: 'metrics', containerPort: 9100 }], hostname: 'web-a', subdomain: 'db' });
    await hollowPod('web-b', { app: 'web' });
    ipA = await podIP('web-a');
    ipB = await podIP('web-b');
    assert.notEqual(ipA, ipB);

    const want = [`${ipA}:8080`, `${ipB}:8080`].sort();
    const ep = await eventually(async () => (await endpoints('web')) ?? EMPTY, (e) => JSON.stringify(readyAddresses(e)) === JSON.stringify(want));
    assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const a = ep.subsets?.[0]?.addresses?.find((x) => x.ip === ipA);
    assert.equal(a?.nodeName, NODE);
    assert.equal(a?.targetRef?.kind, 'Pod');
    assert.equal(a?.targetRef?.name, 'web-a');
    assert.equal(a?.hostname, undefined, 'hostname only for pods in the service subdomain');
    assert.equal(ep.metadata.labels?.['tier'], 'front');
    assert.match(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'] ?? '', /^\d{4}-\d\d-\d\dT/);

    const table = await kubectl.ok(['get', 'endpoints', 'web']);
    assert.match(table, /^NAME\s+ENDPOINTS\s+AGE$/m);
    assert.ok(table.includes(`${[ipA, ipB].sort()[0]}:8080`), table);
    const describe = await kubectl.ok(['describe', 'service', 'web']);
    assert.match(describe, new RegExp(`^Endpoints:\\s+.*${ipA.replace(/\./g, '\\.')}:8080`, 'm'));

    const [slice, ...more] = await eventually(() => slices('web'), (s) => s.length === 1 && (s[0]?.endpoints ?? []).length === 2);
    assert.equal(more.length, 0);
    webUID = (await kubectl.ok(['get', 'service', 'web', '-o', 'jsonpath={.metadata.uid}'])).trim();
    assert.equal(slice!.metadata.generateName, 'web-');
    assert.equal(slice!.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice!.metadata.labels['tier'], 'front');
    assert.deepEqual(slice!.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid, o.controller]), [['Service', 'web', webUID, true]]);
    assert.equal(slice!.addressType, 'IPv4');
    assert.deepEqual(slice!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    for (const e of slice!.endpoints ?? []) {
      assert.deepEqual(e.conditions, { ready: true, serving: true, terminating: false });
      assert.equal(e.nodeName, NODE);
    }
    const sliceTable = await kubectl.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    assert.match(sliceTable, new RegExp(`^${slice!.metadata.name}\\s+IPv4\\s+8080\\s+\\S*${ipA.replace(/\./g, '\\.')}`, 'm'));
  });

  test('a pod turning not ready moves to notReadyAddresses and ready=false', async () => {
    await apply({ apiVersion: 'v1', kind: 'Node', metadata: { name: STATIC_NODE, labels: { 'topology.kubernetes.io/zone': 'zone-x' } } });
    await apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-static', labels: { app: 'web' } }, spec: { nodeName: STATIC_NODE, containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    const setReady = (ready: boolean) =>
      kubectl.ok([
        'patch', 'pod', 'web-static', '--subresource=status', '--type=merge', '-p',
        JSON.stringify({ status: { phase: 'Running', podIP: '10.99.0.5', podIPs: [{ ip: '10.99.0.5' }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] } }),
      ]);
    await setReady(true);
    await eventually(() => endpoints('web'), (e) => readyAddresses(e).includes('10.99.0.5:8080'));
    const staticEndpoint = (s: SliceView[]) => s.flatMap((x) => x.endpoints ?? []).find((e) => e.targetRef?.name === 'web-static');
    const ready = staticEndpoint(await eventually(() => slices('web'), (s) => staticEndpoint(s)?.conditions.ready === true));
    assert.equal((ready as { zone?: string } | undefined)?.zone, 'zone-x');

    await setReady(false);
    const ep = await eventually(async () => (await endpoints('web')) ?? EMPTY, (e) => (e?.subsets ?? []).some((s) => (s.notReadyAddresses ?? []).some((a) => a.ip === '10.99.0.5')));
    assert.ok(!readyAddresses(ep).includes('10.99.0.5:8080'));
    assert.deepEqual(readyAddresses(ep), [`${ipA}:8080`, `${ipB}:8080`].sort());
    const notReady = staticEndpoint(await eventually(() => slices('web'), (s) => staticEndpoint(s)?.conditions.ready === false));
    assert.deepEqual(notReady?.conditions, { ready: false, serving: false, terminating: false });
    // Deleted with no kubelet to confirm, the pod stays terminating: out of Endpoints, in the
    // slice with terminating=true and serving from its Ready condition.
    await setReady(true);
    await eventually(() => slices('web'), (s) => staticEndpoint(s)?.conditions.ready === true);
    await kubectl.ok(['delete', 'pod', 'web-static', '--wait=false']);
    const terminating = staticEndpoint(await eventually(() => slices('web'), (s) => staticEndpoint(s)?.conditions.terminating === true));
    assert.deepEqual(terminating?.conditions, { ready: false, serving: true, terminating: true });
    await eventually(() => endpoints('web'), (e) => !JSON.stringify(e).includes('10.99.0.5'));
    const force = await kubectl.run(['delete', 'pod', 'web-static', '--grace-period=0', '--force']);
    assert.equal(force.code, 0, force.stderr);
    await eventually(() => slices('web'), (s) => staticEndpoint(s) === undefined);
  });

  test('a named targetPort resolves per pod; pods without the name are left out', async () => {
    await service('metrics', { selector: { app: 'web' }, ports: [{ name: 'm', port: 9100, targetPort: 'metrics' }] });
    const ep = await eventually(async () => (await endpoints('metrics')) ?? EMPTY, (e) => readyAddresses(e).length === 1);
    assert.deepEqual(readyAddresses(ep), [`${ipA}:9100`]);
    // As upstream, slices group endpoints by resolved ports: web-b, lacking the port, lands in
    // a slice without ports (which kube-proxy ignores for this service port).
    const s = await eventually(() => slices('metrics'), (x) => x.length === 2 && x.every((slice) => (slice.endpoints ?? []).length === 1));
    const withPort = s.find((slice) => (slice.ports ?? []).length > 0);
    assert.deepEqual(withPort?.ports, [{ name: 'm', port: 9100, protocol: 'TCP' }]);
    assert.deepEqual(withPort?.endpoints?.map((e) => e.targetRef?.name), ['web-a']);
    const portless = s.find((slice) => (slice.ports ?? []).length === 0);
    assert.deepEqual(portless?.endpoints?.map((e) => e.targetRef?.name), ['web-b']);
  });

  test('a headless service: headless label, hostnames for pods in its subdomain', async () => {
    await service('db', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
    const ep = await eventually(async () => (await endpoints('db')) ?? EMPTY, (e) => readyAddresses(e).length === 2);
    assert.equal(ep.metadata.labels?.['service.kubernetes.io/headless'], '');
    const hostnames = (ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => [a.targetRef?.name, a.hostname ?? '']).sort();
    assert.deepEqual(hostnames, [['web-a', 'web-a'], ['web-b', '']]);
    const s = await eventually(() => slices('db'), (x) => (x[0]?.endpoints ?? []).length === 2);
    assert.equal(s[0]?.metadata.labels['service.kubernetes.io/headless'], '');
    assert.deepEqual(s[0]?.endpoints?.map((e) => e.hostname ?? '').sort(), ['', 'web-a']);
  });

  test('a service without a selector keeps the user\'s Endpoints untouched and gets no slices from the EndpointSlice controller', async () => {
    await service('manual', { ports: [{ port: 80 }] });
    await apply({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '10.99.9.9' }], ports: [{ port: 80 }] }] });
    const before = await endpoints('manual');
    // Touch the service (queues it), then wait for a later service to be reconciled.
    await kubectl.ok(['label', 'service', 'manual', 'touched=yes']);
    await service('sentinel', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
    await eventually(() => endpoints('sentinel'), (e) => readyAddresses(e).length === 2);
    await eventually(() => slices('sentinel'), (s) => s.length === 1);
    const after = await endpoints('manual');
    assert.equal(after?.metadata.resourceVersion, before?.metadata.resourceVersion);
    assert.deepEqual(after?.subsets, [{ addresses: [{ ip: '10.99.9.9' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
    // Only the mirroring controller writes slices for it (controllers-endpointslicemirroring.test.ts).
    const managers = (await slices('manual')).map((x) => x.metadata.labels['endpointslice.kubernetes.io/managed-by']);
    assert.ok(!managers.includes('endpointslice-controller.k8s.io'), managers.join());
  });

  test('a service with no ready pods gets an empty Endpoints and a placeholder slice', async () => {
    await service('lonely', { selector: { app: 'nobody' }, ports: [{ port: 80 }] });
    const s = await eventually(() => slices('lonely'), (x) => x.length === 1);
    assert.deepEqual(s[0]?.endpoints ?? [], []);
    const ep = await eventually(async () => (await endpoints('lonely')) ?? EMPTY, (e) => e.metadata.resourceVersion !== '');
    assert.deepEqual(ep.subsets ?? [], []);
    // kubectl 1.32 describes endpoints from the slices: the placeholder lists none.
    assert.match(await kubectl.ok(['describe', 'service', 'lonely']), /^Endpoints:\s*$/m);
  });

  test('deleting a service deletes its Endpoints; its slices name it as controlling owner', async () => {
    const owned = await slices('web');
    assert.ok(owned.length > 0);
    for (const s of owned) assert.deepEqual(s.metadata.ownerReferences?.map((o) => o.uid), [webUID]);
    await kubectl.ok(['delete', 'service', 'web']);
    await eventually(() => endpoints('web'), (e) => e === undefined);
  });
});
