import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { parseSelector } from './parser.js';
import type { Requirement } from './requirement.js';

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function parseError(text: string): string {
  try {
    parseSelector(text);
  } catch (err) {
    assert.ok(err instanceof BadRequestError, String(err));
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be rejected`);
}

test('good selectors print back without spaces (upstream TestSelectorParse)', () => {
  for (const text of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
    assert.equal(parseSelector(text).toString(), text.replaceAll(' ', ''), text);
  }
});

test('parsing is deterministic: requirements are sorted by key', () => {
  assert.equal(parseSelector('x=a,a=x').toString(), parseSelector('a=x,x=a').toString());
  assert.equal(parseSelector('x notin (abc,def),bar,z in (),w').toString(), 'bar,w,x notin (abc,def),z in ()');
  assert.equal(parseSelector('b in (z, a,z),a').toString(), 'a,b in (a,z)');
});

test('set-based and exact-match requirements (upstream TestSetSelectorParser)', () => {
  const r = (key: string, operator: Requirement['operator'], values: string[] = []): Requirement => ({ key, operator, values });
  const cases: [string, Requirement[]][] = [
    ['', []],
    ['\rx', [r('x', 'exists')]],
    ['this-is-a-dns.domain.com/key-with-dash', [r('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
    [
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      [r('this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what'])],
    ],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [r('0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock'])]],
    ['foo  in\t (abc)', [r('foo', 'in', ['abc'])]],
    ['x notin\n (abc)', [r('x', 'notin', ['abc'])]],
    ['x  notin\t\t\t(abc,def)', [r('x', 'notin', ['abc', 'def'])]],
    ['x in (abc,def)', [r('x', 'in', ['abc', 'def'])]],
    ['x in (abc,)', [r('x', 'in', ['', 'abc'])]],
    ['x in ()', [r('x', 'in', [''])]],
    ['x notin (abc,,def),bar,z in (),w', [r('bar', 'exists'), r('w', 'exists'), r('x', 'notin', ['', 'abc', 'def']), r('z', 'in', [''])]],
    ['x,y in (a)', [r('x', 'exists'), r('y', 'in', ['a'])]],
    ['x=a', [r('x', '=', ['a'])]],
    ['x>1', [r('x', 'gt', ['1'])]],
    ['x<7', [r('x', 'lt', ['7'])]],
    ['x=a,y!=b', [r('x', '=', ['a']), r('y', '!=', ['b'])]],
    ['x=a,y!=b,z in (h,i,j)', [r('x', '=', ['a']), r('y', '!=', ['b']), r('z', 'in', ['h', 'i', 'j'])]],
    ['x notin ( )', [r('x', 'notin', [''])]],
    ['x notin (, a)', [r('x', 'notin', ['', 'a'])]],
    ['a ', [r('a', 'exists')]],
    ['a in (x,y,notin, z,in)', [r('a', 'in', ['in', 'notin', 'x', 'y', 'z'])]],
    ['notin=in', [r('notin', '=', ['in'])]],
    ['in in (in)', [r('in', 'in', ['in'])]],
    ['x==', [r('x', '==', [''])]],
    ['a=b,a!=c', [r('a', '=', ['b']), r('a', '!=', ['c'])]],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseSelector(text).requirements(), want, JSON.stringify(text));
});

// These messages were checked against kubectl v1.32's own parser (`kubectl set selector --local`
// parses with the same apimachinery code as the API server).
test('syntax errors carry upstream messages', () => {
  const cases: [string, string][] = [
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a,', "unable to parse requirement: found '', expected: ',', or identifier"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['-x', `unable to parse requirement: <nil>: Invalid value: "-x": ${NAME_PART_MSG}`],
    ['a b=c', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['app=my app', "found 'app', expected: ',' or 'end of string'"],
    [
      'example.com/',
      `unable to parse requirement: <nil>: Invalid value: "example.com/": name part must be non-empty; ${NAME_PART_MSG}`,
    ],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${LABEL_VALUE_MSG}`],
  ];
  for (const [text, want] of cases) assert.equal(parseError(text), want, JSON.stringify(text));
});
