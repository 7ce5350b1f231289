import assert from 'node:assert/strict';
import { test } from 'node:test';
import { positiveDuration } from './flag-parsers.js';

test('positiveDuration reads Go durations into milliseconds and refuses the rest with Go\'s message', () => {
  assert.equal(positiveDuration('40s'), 40_000);
  assert.equal(positiveDuration('1m30s'), 90_000);
  assert.equal(positiveDuration('500ms'), 500);
  assert.throws(() => positiveDuration('40'), /time: missing unit in duration "40"/);
  assert.throws(() => positiveDuration('soon'), /time: invalid duration "soon"/);
  assert.throws(() => positiveDuration('0s'), /must be a duration > 0, e.g. 40s/);
  assert.throws(() => positiveDuration('-5s'), /must be a duration > 0/);
});
