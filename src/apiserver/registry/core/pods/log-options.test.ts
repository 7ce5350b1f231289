import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../../../util/errors.js';
import { kubeletLogQuery, parseLogOptions } from './log-options.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

test('parseLogOptions: booleans as upstream converts them, numbers, RFC 3339 times', () => {
  const options = parseLogOptions('p', q('container=c&follow&previous=false&timestamps=1&tailLines=0&limitBytes=10&sinceTime=2024-05-06T07:08:09.5%2B02:00'));
  assert.deepEqual(options, { container: 'c', follow: true, previous: false, timestamps: true, insecureSkipTLSVerifyBackend: false, tailLines: 0, limitBytes: 10, sinceTime: '2024-05-06T05:08:09Z' });
  assert.equal(kubeletLogQuery(options).toString(), 'follow=true&limitBytes=10&sinceTime=2024-05-06T05%3A08%3A09Z&tailLines=0&timestamps=true');
  assert.equal(kubeletLogQuery(parseLogOptions('p', q(''))).toString(), '');
});

test('parseLogOptions: unparsable values are 400s, out-of-range ones 422s', () => {
  const fails = (query: string, code: number, message: string): void =>
    assert.throws(() => parseLogOptions('p', q(query)), (err: unknown) => err instanceof StatusError && err.code === code && err.message === message);
  fails('tailLines=1.5', 400, 'strconv.ParseInt: parsing "1.5": invalid syntax');
  fails('sinceTime=yesterday', 400, 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as RFC 3339');
  fails('tailLines=-1', 422, 'PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
  fails('limitBytes=0', 422, 'PodLogOptions "p" is invalid: limitBytes: Invalid value: 0: must be greater than 0');
  fails('sinceSeconds=0', 422, 'PodLogOptions "p" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0');
  fails('sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z', 422, 'PodLogOptions "p" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
});
