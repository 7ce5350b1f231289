import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatusError } from '../../../../util/errors.js';
import type { KubeObject } from '../../generic/object.js';
import type { ObjectReader } from '../../object-reader.js';
import { admitPodPriority, PRIORITY_CLASS_PREFIX } from './priority.js';
import type { Pod } from './types.js';

/** The classes as the watch caches would hold them, by key. */
function backendWith(classes: KubeObject[]): Promise<ObjectReader> {
  const byKey = new Map(classes.map((pc) => [`${PRIORITY_CLASS_PREFIX}${pc.metadata.name}`, pc]));
  return Promise.resolve({
    get: (key) => Promise.resolve(byKey.get(key)),
    list: (prefix) => Promise.resolve([...byKey].filter(([k]) => k.startsWith(prefix)).map(([, pc]) => pc)),
  });
}

const pc = (name: string, value: number, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const pod = (spec: Record<string, unknown> = {}): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }], ...spec } });
const forbidden = (message: string) => (err: unknown) => err instanceof StatusError && err.code === 403 && err.message === `pods "p" is forbidden: ${message}`;

describe('admitPodPriority', () => {
  test('priority and preemption policy from the named class', async () => {
    const p = pod({ priorityClassName: 'high' });
    await admitPodPriority(p, await backendWith([pc('high', 1000, { preemptionPolicy: 'Never' })]));
    assert.equal(p.spec?.priority, 1000);
    assert.equal(p.spec?.['preemptionPolicy'], 'Never');
  });

  test('without a class: the global default, else 0', async () => {
    const p = pod();
    await admitPodPriority(p, await backendWith([pc('low', 10, { globalDefault: true }), pc('other', 50)]));
    assert.deepEqual([p.spec?.priorityClassName, p.spec?.priority, p.spec?.['preemptionPolicy']], ['low', 10, 'PreemptLowerPriority']);
    const q = pod();
    await admitPodPriority(q, await backendWith([]));
    assert.deepEqual([q.spec?.priorityClassName, q.spec?.priority], [undefined, 0]);
  });

  test('an unknown class, or a priority that disagrees, is forbidden', async () => {
    const backend = await backendWith([pc('high', 1000)]);
    await assert.rejects(admitPodPriority(pod({ priorityClassName: 'nope' }), backend), forbidden('no PriorityClass with name nope was found'));
    await assert.rejects(
      admitPodPriority(pod({ priorityClassName: 'high', priority: 5 }), backend),
      forbidden('the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name'),
    );
    await admitPodPriority(pod({ priorityClassName: 'high', priority: 1000 }), backend);
  });
});
