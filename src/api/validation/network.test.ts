import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDNS1035Label, isStrictSubnet, isValidPathSegmentName, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain, parseCIDR } from './network.js';

describe('network syntax checks', () => {
  test('DNS-1035 labels and wildcard subdomains', () => {
    assert.deepEqual(isDNS1035Label('svc-1'), []);
    assert.match(isDNS1035Label('1svc')[0]!, /^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
    assert.deepEqual(isWildcardDNS1123Subdomain('*.foo.com'), []);
    assert.match(isWildcardDNS1123Subdomain('foo.*.com')[0]!, /^a wildcard DNS-1123 subdomain must start with '\*\.'.*\(e\.g\. '\*\.example\.com', regex used/);
  });

  test('port names and numbers', () => {
    assert.deepEqual(isValidPortName('http-alt'), []);
    assert.deepEqual(isValidPortName('123'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
    assert.deepEqual(isValidPortName('-http-'), ['must not begin or end with a hyphen']);
    assert.deepEqual(isValidPortName('HTTP'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
    assert.deepEqual(isValidPortName('a-very-long-port-name'), ['must be no more than 15 characters']);
    assert.deepEqual(isValidPortNum(65535), []);
    assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  });

  test('path segment names', () => {
    assert.deepEqual(isValidPathSegmentName('..'), ["may not be '..'"]);
    assert.deepEqual(isValidPathSegmentName('a/b%c'), ["may not contain '/'", "may not contain '%'"]);
  });

  test('CIDRs and strict subnets', () => {
    assert.deepEqual(parseCIDR('10.1.2.3/16'), { family: 4, bits: 0x0a010000n, prefix: 16 });
    assert.equal(parseCIDR('10.0.0.0'), undefined);
    assert.equal(parseCIDR('10.0.0.0/33'), undefined);
    assert.equal(parseCIDR('nonsense/8'), undefined);
    const outer = parseCIDR('10.0.0.0/16')!;
    assert.equal(isStrictSubnet(outer, parseCIDR('10.0.1.0/24')!), true);
    assert.equal(isStrictSubnet(outer, parseCIDR('10.1.0.0/24')!), false);
    assert.equal(isStrictSubnet(outer, parseCIDR('10.0.0.0/16')!), false, 'equal is not strict');
    const v6 = parseCIDR('fd00::/8')!;
    assert.equal(isStrictSubnet(v6, parseCIDR('fd00:1::/32')!), true);
    assert.equal(isStrictSubnet(v6, parseCIDR('fe00::/16')!), false);
    assert.equal(isStrictSubnet(outer, v6), false);
    assert.equal(parseCIDR('::ffff:10.0.0.1/128')?.bits, 0xffff0a000001n);
  });
});
