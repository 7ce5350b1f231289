/**
 * Cron schedules as CronJobs write them, parsed like upstream's parser (github.com/robfig/cron/v3
 * ParseStandard, which the API server validates `spec.schedule` with), errors worded as it words
 * them (the API server shows them verbatim):
 *
 *   [TZ=<zone> | CRON_TZ=<zone>] <minute> <hour> <day of month> <month> <day of week>
 *   @yearly @annually @monthly @weekly @daily @midnight @hourly @every <Go duration>
 *
 * Each field is a comma-separated list of `*` or `?`, `N`, `N-M`, each optionally `/step`
 * (`N/step` means `N-max/step`); months and days of week also take names (jan, mon…). Days of
 * week are 0–6 (Sunday is 0; 7 is rejected, as upstream does).
 *
 * Hand-written because the npm cron parsers accept a different language (6 fields, 7 for Sunday,
 * other messages): what matters here is accepting exactly what the Kubernetes API server accepts.
 */

import { statSync } from 'node:fs';

export class CronError extends Error {}

/** One field's allowed values; `star` when written as `*`/`?` without a step above 1. */
export interface CronField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

export type CronSchedule =
  | { kind: 'fields'; timeZone?: string; minute: CronField; hour: CronField; dayOfMonth: CronField; month: CronField; dayOfWeek: CronField }
  | { kind: 'every'; timeZone?: string; seconds: number };

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Parses a standard (5-field) schedule. Throws CronError with upstream's message.
 * `knownTimeZone` decides whether a `TZ=` zone exists (default: the host's time zone database).
 */
export function parseStandardCron(spec: string, knownTimeZone: (zone: string) => boolean = isKnownTimeZone): CronSchedule {
  if (spec.length === 0) throw new CronError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? spec.length : space);
    if (!knownTimeZone(zone)) throw new CronError(`provided bad location ${zone}: unknown time zone ${zone}`);
    timeZone = zone;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, timeZone);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  return {
    kind: 'fields',
    ...(timeZone !== undefined ? { timeZone } : {}),
    minute: parseField(minute, MINUTES),
    hour: parseField(hour, HOURS),
    dayOfMonth: parseField(dayOfMonth, DAYS_OF_MONTH),
    month: parseField(month, MONTHS),
    dayOfWeek: parseField(dayOfWeek, DAYS_OF_WEEK),
  };
}

/** Whether a wall-clock minute (in the schedule's zone) is one the schedule fires at. */
export function cronMatches(schedule: Extract<CronSchedule, { kind: 'fields' }>, t: { minute: number; hour: number; day: number; month: number; weekday: number }): boolean {
  if (!schedule.minute.values.has(t.minute) || !schedule.hour.values.has(t.hour) || !schedule.month.values.has(t.month)) return false;
  const dom = schedule.dayOfMonth.values.has(t.day);
  const dow = schedule.dayOfWeek.values.has(t.weekday);
  // As upstream: when either day field is a star, both must match; otherwise either may.
  return schedule.dayOfMonth.star || schedule.dayOfWeek.star ? dom && dow : dom || dow;
}

const ZONE_NAME = /^[A-Za-z0-9._+-]+(?:\/[A-Za-z0-9._+-]+)*$/;
const ZONEINFO = '/usr/share/zoneinfo';

/**
 * Whether `zone` names a time zone, as Go's time.LoadLocation decides (case-sensitively): the
 * host's time zone database has it, or the runtime's embedded one (ICU) has exactly that name
 * (the Kubernetes API server likewise embeds Go's tzdata). '' and 'UTC' are UTC, 'Local' local.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true;
  if (!ZONE_NAME.test(zone) || zone.split('/').some((part) => part === '.' || part === '..')) return false;
  try {
    if (statSync(`${ZONEINFO}/${zone}`).isFile()) return true;
  } catch {
    // not on the host: ask the runtime's database
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === zone || Intl.supportedValuesOf('timeZone').includes(zone);
  } catch {
    return false;
  }
}

function parseDescriptor(spec: string, timeZone: string | undefined): CronSchedule {
  const fields = DESCRIPTORS[spec];
  if (fields !== undefined) return { ...parseStandardCron(fields), ...(timeZone !== undefined ? { timeZone } : {}) };
  const every = '@every ';
  if (spec.startsWith(every)) {
    const text = spec.slice(every.length);
    let seconds: number;
    try {
      seconds = parseGoDuration(text);
    } catch (err) {
      throw new CronError(`failed to parse duration ${spec}: ${(err as Error).message}`);
    }
    return { kind: 'every', ...(timeZone !== undefined ? { timeZone } : {}), seconds };
  }
  throw new CronError(`unrecognized descriptor: ${spec}`);
}

function parseField(field: string, bounds: Bounds): CronField {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const range = parseRange(expr, bounds);
    range.values.forEach((v) => values.add(v));
    star ||= range.star;
  }
  return { values, star };
}

/** One `*`, `N`, `N-M`, with optional `/step` (robfig's getRange, checks in its order). */
function parseRange(expr: string, bounds: Bounds): CronField {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, bounds.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNonNegative(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = bounds.max; // `N/step` runs to the maximum
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  const values = new Set<number>();
  for (let v = start; v <= end; v += step) values.add(v);
  return { values, star };
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? parseNonNegative(expr);
}

/** robfig's mustParseInt over Go's strconv.Atoi. */
function parseNonNegative(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration, in seconds (`1h30m`, `1.5h`, `90s`), with its error messages. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== '') {
    const number = /^([0-9]*(?:\.[0-9]*)?)/.exec(rest)![1]!;
    if (number === '' || number === '.') throw new Error(`time: invalid duration ${quoted}`);
    rest = rest.slice(number.length);
    const unit = /^([^0-9.]*)/.exec(rest)![1]!;
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    total += Number(number) * scale;
    rest = rest.slice(unit.length);
  }
  return sign * total;
}
