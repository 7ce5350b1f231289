import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { ControllerExpectations, EXPECTATIONS_TTL_MS } from './expectations.js';

test('unknown keys are satisfied; pending creations and deletions are not', () => {
  const e = new ControllerExpectations(new FakeClock(0));
  assert.equal(e.satisfied('ns/rs'), true);
  e.expect('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('deletions are tracked by uid: a second observation of the same pod does not count twice', () => {
  const e = new ControllerExpectations(new FakeClock(0));
  e.expect('k', 0, ['a', 'b']);
  e.deletionObserved('k', 'a');
  e.deletionObserved('k', 'a');
  assert.equal(e.satisfied('k'), false);
  e.lowerDeletion('k', 'b');
  assert.equal(e.satisfied('k'), true);
});

test('failed creations lower the expectation; records expire after the TTL', () => {
  const clock = new FakeClock(0);
  const e = new ControllerExpectations(clock);
  e.expect('k', 3);
  e.lowerCreations('k', 2);
  assert.equal(e.satisfied('k'), false);
  clock.step(EXPECTATIONS_TTL_MS + 1);
  assert.equal(e.satisfied('k'), true);
  e.delete('k');
  assert.equal(e.satisfied('k'), true);
});
