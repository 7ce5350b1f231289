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
