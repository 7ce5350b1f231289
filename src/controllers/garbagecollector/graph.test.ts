import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alternateOwnerIdentity, GraphNode, identityString, partitionDependents, ReferenceCache, referencesDiffs, type ObjectIdentity } from './graph.js';
import { deleteOwnerRefJSONMergePatch, deleteOwnerRefStrategicMergePatch, unblockOwnerReferencesStrategicMergePatch } from './patches.js';

const id = (uid: string, namespace = 'ns', name = uid): ObjectIdentity => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace, uid });
const ref = (uid: string, extra: { blockOwnerDeletion?: boolean; name?: string } = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: extra.name ?? uid, uid, ...(extra.blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion: extra.blockOwnerDeletion }) });

describe('ownership graph helpers', () => {
  test('referencesDiffs finds added, removed and changed references by uid', () => {
    const diff = referencesDiffs([ref('a'), ref('b', { blockOwnerDeletion: true })], [ref('b'), ref('c')]);
    assert.deepEqual(diff.added.map((r) => r.uid), ['c']);
    assert.deepEqual(diff.removed.map((r) => r.uid), ['a']);
    assert.deepEqual(diff.changed.map((c) => [c.old.blockOwnerDeletion, c.next.blockOwnerDeletion]), [[true, undefined]]);
    assert.deepEqual(referencesDiffs([ref('a')], [ref('a')]), { added: [], removed: [], changed: [] });
  });

  test('blockingDependents are the dependents whose reference blocks the owner', () => {
    const owner = new GraphNode(id('o'));
    const blocking = new GraphNode(id('d1'), { owners: [ref('o', { blockOwnerDeletion: true })] });
    const plain = new GraphNode(id('d2'), { owners: [ref('o')] });
    owner.dependents.add(blocking).add(plain);
    assert.deepEqual(owner.blockingDependents(), [blocking]);
  });

  test('partitionDependents: a namespaced owner matches only dependents of its namespace naming it by its coordinates', () => {
    const same = new GraphNode(id('d1'), { owners: [ref('o')] });
    const otherNamespace = new GraphNode(id('d2', 'elsewhere'), { owners: [ref('o')] });
    const otherName = new GraphNode(id('d3'), { owners: [ref('o', { name: 'renamed' })] });
    const { matching, nonMatching } = partitionDependents([same, otherNamespace, otherName], id('o'));
    assert.deepEqual(matching, [same]);
    assert.deepEqual(nonMatching, [otherNamespace, otherName]);
    // A cluster-scoped owner may be named from any namespace.
    assert.deepEqual(partitionDependents([otherNamespace], id('o', '')).matching, [otherNamespace]);
    assert.deepEqual(alternateOwnerIdentity([otherName], id('o')), id('o', 'ns', 'renamed'));
  });

  test('ReferenceCache keeps the most recent identities up to its capacity', () => {
    const cache = new ReferenceCache(2);
    cache.add(id('a'));
    cache.add(id('b'));
    assert.equal(cache.has(id('a')), true); // a is now the most recent
    cache.add(id('c'));
    assert.equal(cache.has(id('b')), false);
    assert.equal(cache.has(id('a')), true);
    assert.equal(cache.has(id('a', 'other')), false, 'coordinates are part of the key');
  });

  test('identities print as upstream objectReference.String()', () => {
    assert.equal(identityString(id('u1', 'default', 'x')), '[v1/ConfigMap, namespace: default, name: x, uid: u1]');
  });

  test('patches carry the dependent uid and touch only the named references', () => {
    assert.deepEqual(deleteOwnerRefStrategicMergePatch('d', ['a', 'b']), { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'a' }, { $patch: 'delete', uid: 'b' }], uid: 'd' } });
    assert.deepEqual(deleteOwnerRefJSONMergePatch({ uid: 'd', resourceVersion: '7', ownerReferences: [ref('a'), ref('b')] }, ['a']), {
      metadata: { ownerReferences: [ref('b')], uid: 'd', resourceVersion: '7' },
    });
    assert.deepEqual(unblockOwnerReferencesStrategicMergePatch('d', [ref('a', { blockOwnerDeletion: true }), ref('b')]), {
      metadata: { ownerReferences: [ref('a', { blockOwnerDeletion: false })], uid: 'd' },
    });
  });
});
