import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthFrom, memAvailableBytes, readNodeHealth } from './health.js';

const roomy = { blocks: 1000, bavail: 500, files: 1000, ffree: 900 };

test('memory pressure below 100Mi available', () => {
  assert.equal(memAvailableBytes('MemTotal:  100 kB\nMemAvailable:   204800 kB\n'), 200 * 1024 * 1024);
  assert.equal(healthFrom(200 * 1024 * 1024, roomy, undefined).memoryPressure, false);
  assert.equal(healthFrom(99 * 1024 * 1024, roomy, undefined).memoryPressure, true);
});

test('disk pressure below 10% free blocks or 5% free inodes', () => {
  assert.equal(healthFrom(undefined, { ...roomy, bavail: 99 }, undefined).diskPressure, true);
  assert.equal(healthFrom(undefined, { ...roomy, ffree: 49 }, undefined).diskPressure, true);
  assert.equal(healthFrom(undefined, roomy, undefined).diskPressure, false);
});

test('a runtime that does not answer makes the node not ready', async () => {
  assert.deepEqual(healthFrom(undefined, roomy, 'container runtime is down').readyErrors, ['container runtime is down']);
  const live = await readNodeHealth('/', async () => undefined);
  assert.deepEqual(live.readyErrors, []);
  const down = await readNodeHealth('/', async () => Promise.reject(new Error('gone')));
  assert.deepEqual(down.readyErrors, ['container runtime is down']);
});
