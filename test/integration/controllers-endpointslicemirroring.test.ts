/**
 * The EndpointSlice mirroring controller through the real kubectl: a Service without a selector
 * and hand-written Endpoints get a mirrored EndpointSlice that follows the Endpoints and goes with
 * them; skip-mirror Endpoints are not mirrored.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io';

interface SliceView {
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] };
  addressType: string;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
  endpoints?: { addresses: string[]; conditions: { ready?: boolean }; nodeName?: string }[] | null;
}

const service = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  ports: [{name: http, port: 80, targetPort: 8080}]\n`;
const endpointsYaml = (name: string, ready: string[], notReady: string[] = [], extra = ''): string =>
  [
    'apiVersion: v1',
    'kind: Endpoints',
    `metadata: {name: ${name}${extra}}`,
    'subsets:',
    `- addresses: [${ready.map((ip) => `{ip: ${ip}}`).join(', ')}]`,
    ...(notReady.length > 0 ? [`  notReadyAddresses: [${notReady.map((ip) => `{ip: ${ip}}`).join(', ')}]`] : []),
    '  ports: [{name: http, port: 8080, protocol: TCP}]',
    '',
  ].join('\n');

describe('EndpointSlice mirroring controller', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const mirrored = async (service: string): Promise<SliceView[]> => {
    const list = JSON.parse(await kubectl.ok(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${service},${MANAGED_BY}`, '-o', 'json'])) as { items: SliceView[] };
    return list.items;
  };
  const addresses = (slices: SliceView[]): string[] => slices.flatMap((s) => (s.endpoints ?? []).map((e) => `${e.addresses[0]}:${e.conditions.ready}`)).sort();

  test('hand-written Endpoints of a selector-less Service are mirrored, followed and cleaned up', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: service('external') });
    await kubectl.ok(['apply', '-f', '-'], { stdin: endpointsYaml('external', ['10.1.0.1', '10.1.0.2'], [], ', labels: {team: data}, annotations: {owner: me}') });
    const endpointsUid = await kubectl.ok(['get', 'endpoints', 'external', '-o', 'jsonpath={.metadata.uid}']);

    const first = await eventually(() => mirrored('external'), (s) => addresses(s).length === 2);
    assert.equal(first.length, 1);
    const slice = first[0]!;
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(addresses(first), ['10.1.0.1:true', '10.1.0.2:true']);
    assert.equal(slice.metadata.labels['team'], 'data', 'the Endpoints labels are mirrored');
    assert.equal(slice.metadata.annotations?.['owner'], 'me', 'and its annotations');
    assert.deepEqual(
      slice.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller]),
      [['Endpoints', 'external', endpointsUid, true]],
    );
    assert.match(await kubectl.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=external']), new RegExp(`^${slice.metadata.name}\\s+IPv4\\s+8080\\s+10\\.1\\.0\\.1,10\\.1\\.0\\.2\\s+`, 'm'));

    await kubectl.ok(['apply', '-f', '-'], { stdin: endpointsYaml('external', ['10.1.0.2', '10.1.0.3'], ['10.1.0.4'], ', labels: {team: data}, annotations: {owner: me}') });
    const followed = await eventually(() => mirrored('external'), (s) => addresses(s).join() === '10.1.0.2:true,10.1.0.3:true,10.1.0.4:false');
    assert.deepEqual(followed.map((s) => s.metadata.name), [slice.metadata.name], 'the same slice is rewritten');

    await kubectl.ok(['delete', 'endpoints', 'external']);
    await eventually(() => mirrored('external'), (s) => s.length === 0);
    // The Service without Endpoints has nothing mirrored, and nothing comes back.
    assert.deepEqual(await mirrored('external'), []);
  });

  test('Endpoints labelled skip-mirror, and those of Services with a selector, are not mirrored', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: service('skipped') });
    await kubectl.ok(['apply', '-f', '-'], { stdin: endpointsYaml('skipped', ['10.2.0.1']) });
    await eventually(() => mirrored('skipped'), (s) => s.length === 1);
    await kubectl.ok(['label', 'endpoints', 'skipped', 'endpointslice.kubernetes.io/skip-mirror=true']);
    await eventually(() => mirrored('skipped'), (s) => s.length === 0);

    await kubectl.ok(['apply', '-f', '-'], { stdin: service('selected') });
    await kubectl.ok(['apply', '-f', '-'], { stdin: endpointsYaml('selected', ['10.3.0.1']) });
    await eventually(() => mirrored('selected'), (s) => s.length === 1);
    await kubectl.ok(['patch', 'service', 'selected', '--type', 'merge', '-p', '{"spec":{"selector":{"app":"selected"}}}']);
    await eventually(() => mirrored('selected'), (s) => s.length === 0);
  });
});
