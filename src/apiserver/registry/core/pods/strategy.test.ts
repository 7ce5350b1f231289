import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryLog } from '../../../../storage/drivers/memory/memory-log.js';
import { LogStructuredBackend } from '../../../../storage/logstructured/backend.js';
import { StatusError } from '../../../../util/errors.js';
import type { KubeObject } from '../../generic/object.js';
import { GenericStore } from '../../generic/store.js';
import { ephemeralContainersUpdate } from './ephemeral-containers.js';
import { statusUpdate } from '../../generic/subresource-update.js';
import { podSelectableFields } from './storage.js';
import { podGracePeriodSeconds, podStrategy } from './strategy.js';
import type { Pod } from './types.js';

const backends: LogStructuredBackend[] = [];
after(async () => {
  for (const backend of backends) await backend.dispose();
});

function store(): GenericStore {
  const backend = new LogStructuredBackend(new MemoryLog());
  backends.push(backend);
  return new GenericStore(backend, '/registry/pods/', podStrategy);
}

const newPod = (spec: Record<string, unknown> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'a', image: 'busybox:1.36' }], ...spec },
  status: { phase: 'Running', podIP: '1.2.3.4' },
});

describe('pod strategy', () => {
  test('create: defaults, admission defaults, status Pending with the QoS class (client status dropped)', async () => {
    const created = (await store().create('default', newPod({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }))) as Pod;
    assert.deepEqual(created.status, { phase: 'Pending', qosClass: 'Guaranteed' });
    assert.equal(created.spec?.serviceAccountName, 'default');
    assert.equal(created.spec?.priority, 0);
    assert.equal(created.spec?.tolerations?.length, 2);
    assert.deepEqual(created.spec?.containers?.[0]?.resources?.requests, { cpu: '1', memory: '1Gi' });
  });

  test('update keeps status; status update keeps spec', async () => {
    const s = store();
    await s.create('default', newPod());
    const updated = (await s.update('default', 'p', (o) => ({ ...o, metadata: { ...o.metadata, labels: { a: 'b' } }, status: { phase: 'Failed' } }))) as Pod;
    assert.equal(updated.status?.phase, 'Pending');
    const withStatus = (await s.update('default', 'p', (o) => ({ ...o, spec: { ...(o['spec'] as object), activeDeadlineSeconds: 5 }, status: { phase: 'Running' } }), { subresource: statusUpdate })) as Pod;
    assert.equal(withStatus.status?.phase, 'Running');
    assert.equal(withStatus.spec?.activeDeadlineSeconds, undefined);
  });

  test('spec changes beyond the mutable fields are refused with 422', async () => {
    const s = store();
    await s.create('default', newPod());
    await assert.rejects(
      s.update('default', 'p', (o) => ({ ...o, spec: { ...(o['spec'] as object), restartPolicy: 'Never' } })),
      (err) => err instanceof StatusError && err.code === 422 && /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than/.test(err.message),
    );
  });

  test('graceful deletion (upstream CheckGracefulDelete)', () => {
    const bound = newPod({ nodeName: 'n1', terminationGracePeriodSeconds: 20 });
    assert.equal(podGracePeriodSeconds(bound, {}), 20);
    assert.equal(podGracePeriodSeconds(bound, { gracePeriodSeconds: 5 }), 5);
    assert.equal(podGracePeriodSeconds(bound, { gracePeriodSeconds: -3 }), 1);
    assert.equal(podGracePeriodSeconds(newPod({ terminationGracePeriodSeconds: 20 }), {}), 0, 'not on a node');
    assert.equal(podGracePeriodSeconds({ ...bound, status: { phase: 'Succeeded' } }, {}), 0, 'finished');
  });

  test('a bound pod stays Terminating until deleted with grace 0; an unbound one goes at once', async () => {
    const s = store();
    await s.create('default', newPod({ nodeName: 'n1' }));
    const first = await s.delete('default', 'p');
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    assert.equal((await s.delete('default', 'p')).deleted, false);
    assert.equal((await s.delete('default', 'p', { gracePeriodSeconds: 0 })).deleted, true);
    await s.create('default', newPod());
    assert.equal((await s.delete('default', 'p')).deleted, true);
  });

  test('selectable fields', () => {
    const fields = podSelectableFields({ ...newPod({ nodeName: 'n1', restartPolicy: 'Never', hostNetwork: true }), metadata: { name: 'p', namespace: 'ns' } });
    assert.deepEqual(fields, {
      'metadata.name': 'p',
      'metadata.namespace': 'ns',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Never',
      'spec.schedulerName': '',
      'spec.serviceAccountName': '',
      'spec.hostNetwork': 'true',
      'status.phase': 'Running',
      'status.podIP': '1.2.3.4',
      'status.nominatedNodeName': '',
    });
  });
});

describe('pod status through the status subresource', () => {
  test('podIP and podIPs are kept in step; IPs are checked; the QoS class is immutable', async () => {
    const s = store();
    await s.create('default', newPod());
    const setStatus = (status: Record<string, unknown>) => s.update('default', 'p', (o) => ({ ...o, status: { ...(o['status'] as object), ...status } }), { subresource: statusUpdate });
    const updated = (await setStatus({ phase: 'Running', podIP: '10.42.0.7', hostIP: '192.168.1.2' })) as Pod;
    assert.deepEqual(updated.status?.podIPs, [{ ip: '10.42.0.7' }]);
    assert.deepEqual(updated.status?.['hostIPs'], [{ ip: '192.168.1.2' }]);
    const plural = (await setStatus({ podIP: undefined, podIPs: [{ ip: '10.42.0.8' }, { ip: 'fd00::8' }] })) as Pod;
    assert.equal(plural.status?.podIP, '10.42.0.8');
    const invalid = (status: Record<string, unknown>, message: string) =>
      assert.rejects(setStatus(status), (err) => err instanceof StatusError && err.code === 422 && err.message === `Pod "p" is invalid: ${message}`);
    await invalid({ podIP: undefined, podIPs: [{ ip: 'nope' }] }, 'status.podIPs[0]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    await invalid({ podIP: undefined, podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }, 'status.podIPs: Invalid value: [{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]: may specify no more than one IP for each IP family');
    await invalid({ qosClass: 'Guaranteed' }, 'status.qosClass: Invalid value: "Guaranteed": field is immutable');
  });
});

describe('pods/ephemeralcontainers', () => {
  const debug = { name: 'debugger', image: 'busybox:1.36', targetContainerName: 'a' };
  const withEphemeral = (containers: unknown[]) => (o: KubeObject): KubeObject => ({ ...o, spec: { ...(o['spec'] as object), ephemeralContainers: containers } });

  test('adds ephemeral containers (defaulted); they may not be changed or removed', async () => {
    const s = store();
    await s.create('default', newPod());
    const added = (await s.update('default', 'p', withEphemeral([debug]), { subresource: ephemeralContainersUpdate })) as Pod;
    assert.equal(added.spec?.ephemeralContainers?.[0]?.imagePullPolicy, 'IfNotPresent');
    await assert.rejects(
      s.update('default', 'p', withEphemeral([]), { subresource: ephemeralContainersUpdate }),
      (err) => err instanceof StatusError && err.message === 'Pod "p" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n',
    );
    await assert.rejects(
      s.update('default', 'p', withEphemeral([{ ...debug, image: 'busybox:1.37' }]), { subresource: ephemeralContainersUpdate }),
      (err) => err instanceof StatusError && err.code === 422 && /existing ephemeral containers "debugger" may not be changed\n- spec.image: "busybox:1.36"\n\+ spec.image: "busybox:1.37"$/.test(err.message),
    );
  });

  test('workload fields, clashing names and unknown targets are refused', async () => {
    const s = store();
    await s.create('default', newPod());
    await assert.rejects(
      s.update('default', 'p', withEphemeral([{ name: 'a', image: 'x', targetContainerName: 'nope', ports: [{ containerPort: 80 }], livenessProbe: { exec: { command: ['x'] } } }]), { subresource: ephemeralContainersUpdate }),
      (err) =>
        err instanceof StatusError &&
        err.message ===
          'Pod "p" is invalid: [spec.ephemeralContainers[0].name: Invalid value: "a": must be unique among all containers, init containers and ephemeral containers, spec.ephemeralContainers[0].targetContainerName: Not found: "nope", spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].livenessProbe: Forbidden: cannot be set for an Ephemeral Container]',
    );
  });

  test('the pod itself may not add them', async () => {
    const s = store();
    await s.create('default', newPod());
    await assert.rejects(s.update('default', 'p', withEphemeral([debug])), (err) => err instanceof StatusError && /pod updates may not change fields other than/.test(err.message));
  });
});
