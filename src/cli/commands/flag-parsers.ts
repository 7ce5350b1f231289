import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';

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
