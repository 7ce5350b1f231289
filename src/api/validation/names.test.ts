import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, regexError } from './names.js';

const NAME_PART_REGEX_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN_REGEX_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

test('isQualifiedName accepts upstream success cases', () => {
  const good = [
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ];
  for (const name of good) assert.deepEqual(isQualifiedName(name), [], name);
});

test('isQualifiedName rejects upstream error cases', () => {
  const bad = [
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ];
  for (const name of bad) assert.notDeepEqual(isQualifiedName(name), [], name);
});

test('isQualifiedName messages are upstream text', () => {
  assert.deepEqual(isQualifiedName('-x'), [NAME_PART_REGEX_MSG]);
  assert.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.deepEqual(isQualifiedName('/simple'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('example.com/'), ['name part must be non-empty', NAME_PART_REGEX_MSG]);
  assert.deepEqual(isQualifiedName('Example.com/abc'), [`prefix part ${SUBDOMAIN_REGEX_MSG}`]);
  assert.deepEqual(isQualifiedName('only/one/slash'), [
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
      "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
      "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
  assert.deepEqual(isQualifiedName(`${'a'.repeat(254)}/abc`), ['prefix part must be no more than 253 characters']);
});

test('isValidLabelValue: empty is valid, 63 bytes max, upstream messages', () => {
  for (const v of ['', 'simple', 'now-with-dashes', '1-starts-with-num', '1234', 'Uppercase_Is_OK_123', 'a'.repeat(63)]) {
    assert.deepEqual(isValidLabelValue(v), [], v);
  }
  const regexMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
    "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(isValidLabelValue('-x'), [regexMsg]);
  for (const v of ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', 'cantendwithadash-', '-cantstartwithadash']) {
    assert.deepEqual(isValidLabelValue(v), [regexMsg], v);
  }
  // Lengths are UTF-8 bytes, like Go's len(): 32 two-byte characters are over the limit.
  assert.deepEqual(isValidLabelValue('é'.repeat(32)), ['must be no more than 63 characters', regexMsg]);
});

test('isDNS1123Label accepts and rejects upstream cases', () => {
  const good = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)];
  for (const v of good) assert.deepEqual(isDNS1123Label(v), [], v);
  const bad = [
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64),
  ];
  for (const v of bad) assert.notDeepEqual(isDNS1123Label(v), [], v);
  assert.deepEqual(isDNS1123Label('Seattle'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end " +
      "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.equal(isDNS1123Label('a'.repeat(64))[0], 'must be no more than 63 characters');
});

test('isDNS1123Subdomain accepts and rejects upstream cases', () => {
  const good = [
    'a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2',
    'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a', 'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
    '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2', '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
    'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', 'a'.repeat(253),
  ];
  for (const v of good) assert.deepEqual(isDNS1123Subdomain(v), [], v);
  const bad = [
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'A.a', 'aB.a', 'ab.A',
    'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1', '1A.1', '0.A', '01.A', '012.A', '1A.a', '1a.A', 'A.B.C.D.E',
    'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b',
    'a'.repeat(254),
  ];
  for (const v of bad) assert.notDeepEqual(isDNS1123Subdomain(v), [], v);
  assert.deepEqual(isDNS1123Subdomain('Example.com'), [SUBDOMAIN_REGEX_MSG]);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
});

test('regexError without examples names only the regex', () => {
  assert.equal(regexError('bad', '[a-z]+'), "bad (regex used for validation is '[a-z]+')");
});
