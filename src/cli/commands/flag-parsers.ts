import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';
import { parseGoDuration } from '../../api/cron/schedule.js';

export function parsePort(value: string, allowZero = false): number {
  const port = Number(value);
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(port) || port < min || port > 65535) throw new InvalidArgumentError(`must be a port number, ${min}-65535`);
  return port;
}

export function parseAddress(value: string): string {
  if (isIP(value) === 0) throw new InvalidArgumentError('must be an IPv4 or IPv6 address, e.g. 127.0.0.1 or 0.0.0.0');
  return value;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number > 0');
  return n;
}

/** A comma-separated list (empty items dropped), e.g. `--controllers '*,-nodelifecycle'`. */
export function parseList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** A positive Go duration (`40s`, `1m30s`, `500ms`), in milliseconds. */
export function positiveDuration(value: string): number {
  let seconds: number;
  try {
    seconds = parseGoDuration(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  if (!(seconds > 0)) throw new InvalidArgumentError('must be a duration > 0, e.g. 40s');
  return Math.round(seconds * 1000);
}

/** `--flag`, `--flag=true` or `--flag=false` (commander passes `true` for the bare flag). */
export function parseBool(value: string | boolean): boolean {
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('want true or false');
}
