import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cronMatches, isKnownTimeZone, parseGoDuration, parseStandardCron, type CronSchedule } from './schedule.js';

type Fields = Extract<CronSchedule, { kind: 'fields' }>;
const fields = (spec: string): Fields => {
  const s = parseStandardCron(spec);
  assert.equal(s.kind, 'fields');
  return s as Fields;
};
const values = (f: { values: ReadonlySet<number> }): number[] => [...f.values].sort((a, b) => a - b);
const error = (spec: string): string => {
  try {
    parseStandardCron(spec, (zone) => zone === 'Europe/Paris');
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('parseStandardCron', () => {
  test('lists, ranges, steps and names', () => {
    const s = fields('*/15 9-17 1,15 jan-mar MON-fri');
    assert.deepEqual(values(s.minute), [0, 15, 30, 45]);
    assert.deepEqual(values(s.hour), [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual(values(s.dayOfMonth), [1, 15]);
    assert.deepEqual(values(s.month), [1, 2, 3]);
    assert.deepEqual(values(s.dayOfWeek), [1, 2, 3, 4, 5]);
    assert.equal(s.minute.star, false, 'a star with a step above 1 is not a star');
    assert.deepEqual(values(fields('5/20 * * * *').minute), [5, 25, 45], 'N/step runs to the maximum');
    assert.deepEqual(values(fields('1-10/3 * * * ?').minute), [1, 4, 7, 10]);
  });

  test('descriptors', () => {
    assert.deepEqual(values(fields('@hourly').minute), [0]);
    assert.equal(fields('@hourly').hour.values.size, 24);
    assert.deepEqual(values(fields('@weekly').dayOfWeek), [0]);
    assert.deepEqual(values(fields('@yearly').month), [1]);
    assert.deepEqual(fields('@annually'), fields('@yearly'));
    assert.deepEqual(fields('@midnight'), fields('@daily'));
    assert.deepEqual(parseStandardCron('@every 1h30m'), { kind: 'every', seconds: 5400 });
  });

  test('a time zone prefix is parsed (the API rejects it separately)', () => {
    assert.equal(parseStandardCron('TZ=Europe/Paris 0 * * * *', (z) => z === 'Europe/Paris').timeZone, 'Europe/Paris');
    assert.equal(parseStandardCron('CRON_TZ=UTC @daily').timeZone, 'UTC');
  });

  test('time zones are known case-sensitively, never by path tricks', () => {
    assert.equal(isKnownTimeZone('Europe/Paris'), true);
    assert.equal(isKnownTimeZone('UTC'), true);
    assert.equal(isKnownTimeZone('europe/paris'), false);
    assert.equal(isKnownTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isKnownTimeZone('../../etc/passwd'), false);
    assert.equal(isKnownTimeZone('Europe/../Europe/Paris'), false);
  });

  test("upstream's messages", () => {
    assert.equal(error(''), 'empty spec string');
    assert.equal(error('bad'), 'expected exactly 5 fields, found 1: [bad]');
    assert.equal(error('* * * * * *'), 'expected exactly 5 fields, found 6: [* * * * * *]');
    assert.equal(error('60 * * * *'), 'end of range (60) above maximum (59): 60');
    assert.equal(error('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
    assert.equal(error('* * * * 7'), 'end of range (7) above maximum (6): 7');
    assert.equal(error('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
    assert.equal(error('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
    assert.equal(error('*/1/2 * * * *'), 'too many slashes: */1/2');
    assert.equal(error('*/0 * * * *'), 'step of range should be a positive number: */0');
    assert.equal(error('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    assert.equal(error('*/-1 * * * *'), 'negative number (-1) not allowed: -1');
    assert.equal(error('* * * foo *'), 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax');
    assert.equal(error('@sometimes'), 'unrecognized descriptor: @sometimes');
    assert.equal(error('@every 1d'), 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"');
    assert.equal(error('TZ=Mars/Base 0 * * * *'), 'provided bad location Mars/Base: unknown time zone Mars/Base');
  });

  test('matching: either day field may match unless one is a star', () => {
    const both = fields('0 12 1 * 1');
    assert.equal(cronMatches(both, { minute: 0, hour: 12, day: 1, month: 5, weekday: 3 }), true);
    assert.equal(cronMatches(both, { minute: 0, hour: 12, day: 2, month: 5, weekday: 1 }), true);
    assert.equal(cronMatches(both, { minute: 0, hour: 12, day: 2, month: 5, weekday: 2 }), false);
    const domOnly = fields('0 12 1 * *');
    assert.equal(cronMatches(domOnly, { minute: 0, hour: 12, day: 2, month: 5, weekday: 1 }), false);
    assert.equal(cronMatches(domOnly, { minute: 1, hour: 12, day: 1, month: 5, weekday: 1 }), false);
  });

  test('Go durations', () => {
    assert.equal(parseGoDuration('1.5h'), 5400);
    assert.equal(parseGoDuration('90s'), 90);
    assert.equal(parseGoDuration('0'), 0);
    assert.throws(() => parseGoDuration('10'), /missing unit in duration "10"/);
    assert.throws(() => parseGoDuration('abc'), /time: invalid duration "abc"/);
  });
});
