import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computePodQOS } from './qos.js';

const pod = (...resources: Record<string, Record<string, string>>[]) => ({ containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) });

test('BestEffort without cpu/memory requests or limits (other resources do not count)', () => {
  assert.equal(computePodQOS(pod({}, { requests: { 'ephemeral-storage': '1Gi' } })), 'BestEffort');
});

test('Guaranteed when every container limits cpu and memory and requests equal limits', () => {
  assert.equal(computePodQOS(pod({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })), 'Guaranteed');
});

test('Burstable otherwise', () => {
  assert.equal(computePodQOS(pod({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(computePodQOS(pod({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } })), 'Burstable');
  assert.equal(computePodQOS(pod({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }, {})), 'Burstable');
});
