import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WatchDecoder } from './watch-decoder.js';

const enc = new TextEncoder();

function frames(): string {
  return (
    JSON.stringify({ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '5' }, data: { k: 'é✓' } } }) +
    '\n' +
    JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', metadata: {} } }) +
    '\n'
  );
}

describe('WatchDecoder', () => {
  it('decodes the same events whatever the chunk boundaries, even inside UTF-8 characters', () => {
    const bytes = enc.encode(frames());
    const whole = new WatchDecoder().push(bytes);
    assert.equal(whole.length, 2);
    assert.equal(whole[0]!.type, 'ADDED');
    assert.deepEqual(whole[0]!.object.data, { k: 'é✓' });
    assert.equal(whole[1]!.type, 'ERROR');
    for (const size of [1, 2, 3, 7, 50]) {
      const decoder = new WatchDecoder();
      const events = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...decoder.push(bytes.subarray(i, i + size)));
      events.push(...decoder.end());
      assert.deepEqual(events, whole, `chunk size ${size}`);
    }
  });

  it('returns nothing until a frame is complete, and skips blank lines', () => {
    const decoder = new WatchDecoder();
    assert.deepEqual(decoder.push(enc.encode('{"type":"DELETED","obj')), []);
    const events = decoder.push(enc.encode('ect":{"metadata":{"name":"x"}}}\n\n'));
    assert.deepEqual(events, [{ type: 'DELETED', object: { metadata: { name: 'x' } } }]);
  });

  it('accepts a last frame without newline at the end', () => {
    const decoder = new WatchDecoder();
    assert.deepEqual(decoder.push(enc.encode('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}')), []);
    assert.equal(decoder.end()[0]!.type, 'BOOKMARK');
  });

  it('rejects a truncated or foreign frame', () => {
    const truncated = new WatchDecoder();
    truncated.push(enc.encode('{"type":"ADDED","object":{'));
    assert.throws(() => truncated.end(), /malformed watch event/);
    assert.throws(() => new WatchDecoder().push(enc.encode('{"type":"WHAT","object":{}}\n')), /malformed watch event/);
    assert.throws(() => new WatchDecoder().push(enc.encode('[1]\n')), /malformed watch event/);
  });
});
