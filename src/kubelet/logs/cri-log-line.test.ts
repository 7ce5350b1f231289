import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRfc3339Nanos, parseCriLogLine, parseRfc3339Nanos } from './cri-log-line.js';

test('parses a full stdout record', () => {
  const r = parseCriLogLine(Buffer.from('2024-05-01T10:00:00.123456789Z stdout F hello world\n'));
  assert.equal(r.timeText, '2024-05-01T10:00:00.123456789Z');
  assert.equal(r.stream, 'stdout');
  assert.equal(r.partial, false);
  assert.equal(r.text.toString(), 'hello world');
  assert.equal(r.timeNanos, BigInt(Date.UTC(2024, 4, 1, 10)) * 1_000_000n + 123_456_789n);
});

test('parses a partial stderr record, tags with extra fields, and empty text', () => {
  const p = parseCriLogLine(Buffer.from('2024-05-01T10:00:00Z stderr P:x abc'));
  assert.equal(p.stream, 'stderr');
  assert.equal(p.partial, true);
  assert.equal(p.text.toString(), 'abc');
  const empty = parseCriLogLine(Buffer.from('2024-05-01T10:00:00Z stdout F\n'));
  assert.equal(empty.text.length, 0);
  const spaceText = parseCriLogLine(Buffer.from('2024-05-01T10:00:00Z stdout F  two spaces \n'));
  assert.equal(spaceText.text.toString(), ' two spaces ');
});

test('rejects malformed records with a reason', () => {
  assert.throws(() => parseCriLogLine(Buffer.from('garbage\n')), /timestamp is not found/);
  assert.throws(() => parseCriLogLine(Buffer.from('yesterday stdout F x\n')), /unexpected timestamp format/);
  assert.throws(() => parseCriLogLine(Buffer.from('2024-05-01T10:00:00Z stdin F x\n')), /unexpected stream type "stdin"/);
  assert.throws(() => parseCriLogLine(Buffer.from('2024-05-01T10:00:00Z stdout X x\n')), /unexpected log tag "X"/);
});

test('RFC3339 with offsets and fractions; formatting drops trailing zeros like Go', () => {
  assert.equal(parseRfc3339Nanos('2024-05-01T12:00:00+02:00'), parseRfc3339Nanos('2024-05-01T10:00:00Z'));
  assert.equal(parseRfc3339Nanos('2024-05-01T10:00:00.5Z')! - parseRfc3339Nanos('2024-05-01T10:00:00Z')!, 500_000_000n);
  assert.equal(parseRfc3339Nanos('2024-13-01T10:00:00Z'), undefined);
  assert.equal(parseRfc3339Nanos('2024-05-01 10:00:00Z'), undefined);
  assert.equal(formatRfc3339Nanos(parseRfc3339Nanos('2024-05-01T10:00:00.120000000Z')!), '2024-05-01T10:00:00.12Z');
  assert.equal(formatRfc3339Nanos(parseRfc3339Nanos('2024-05-01T10:00:00Z')!), '2024-05-01T10:00:00Z');
});
