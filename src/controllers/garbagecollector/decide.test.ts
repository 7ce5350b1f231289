import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from './decide.js';

const ref = (uid: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid });
const facts = { hasDependents: false, someDependentDeletingDependents: false, finalizers: [] as string[] };

describe('decide (attemptToDeleteItem outcome)', () => {
  test('a solid owner keeps the object; dangling and foreground-waiting references are removed', () => {
    assert.deepEqual(decide({ solid: [ref('a')], dangling: [], waitingForDependentsDeletion: [] }, facts), { action: 'keep' });
    assert.deepEqual(decide({ solid: [ref('a')], dangling: [ref('b')], waitingForDependentsDeletion: [ref('c')] }, facts), {
      action: 'removeOwnerReferences',
      ownerUids: ['b', 'c'],
    });
  });

  test('no solid owner: deleted in the background unless its own finalizers ask otherwise', () => {
    const owners = { solid: [], dangling: [ref('b')], waitingForDependentsDeletion: [] };
    assert.deepEqual(decide(owners, facts), { action: 'delete', policy: 'Background' });
    assert.deepEqual(decide(owners, { ...facts, finalizers: ['orphan'] }), { action: 'delete', policy: 'Orphan' });
    assert.deepEqual(decide(owners, { ...facts, finalizers: ['foregroundDeletion'] }), { action: 'delete', policy: 'Foreground' });
  });

  test('an owner waiting for its dependents and an object with dependents: foreground, unblocking first in a possible cycle', () => {
    const owners = { solid: [], dangling: [], waitingForDependentsDeletion: [ref('a')] };
    assert.deepEqual(decide(owners, { ...facts, hasDependents: true }), { action: 'deleteForeground', unblockOwnerReferences: false });
    assert.deepEqual(decide(owners, { ...facts, hasDependents: true, someDependentDeletingDependents: true }), { action: 'deleteForeground', unblockOwnerReferences: true });
    assert.deepEqual(decide(owners, facts), { action: 'delete', policy: 'Background' });
  });
});
