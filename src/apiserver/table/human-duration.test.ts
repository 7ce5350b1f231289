import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration } from './human-duration.js';

test('ages read as kubectl shows them', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const cases: [number, string][] = [
    [-5 * s, '<invalid>'], [-1 * s, '0s'], [45 * s, '45s'], [119 * s, '119s'], [5 * m, '5m'], [5 * m + 30 * s, '5m30s'],
    [90 * m, '90m'], [3 * h + 10 * m, '3h10m'], [5 * h, '5h'], [20 * h, '20h'], [2 * d + 4 * h, '2d4h'], [3 * d, '3d'],
    [100 * d, '100d'], [800 * d, '2y70d'], [3 * 365 * d, '3y'], [10 * 365 * d, '10y'],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, `${ms} ms`);
});
