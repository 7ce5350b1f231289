import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { addWarning } from './read-object.js';

function fakeResponse(): ServerResponse & { headers: Map<string, unknown> } {
  const headers = new Map<string, unknown>();
  return { headers, getHeader: (n: string) => headers.get(n), setHeader: (n: string, v: unknown) => headers.set(n, v) } as unknown as ServerResponse & { headers: Map<string, unknown> };
}

test('warnings are quoted and sent as UTF-8 bytes that Node accepts in a header', () => {
  const res = fakeResponse();
  addWarning(res, 'unknown field "a"');
  addWarning(res, 'unknown field "ü😀\u007f\u0000"');
  const values = res.headers.get('Warning') as string[];
  assert.equal(values[0], '299 - "unknown field \\"a\\""');
  // Latin-1 characters carrying the UTF-8 bytes, no control characters left.
  assert.equal(Buffer.from(values[1]!, 'latin1').toString('utf8'), '299 - "unknown field \\"ü😀\\u007f\\u0000\\""');
  assert.ok([...values[1]!].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c.charCodeAt(0) <= 0xff));
});
