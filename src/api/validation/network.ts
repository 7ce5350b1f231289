/**
 * Network value checks of k8s.io/apimachinery/pkg/util/validation (v1.32) and the DNS-1035 label
 * rule of service names. Each returns upstream's messages (empty when valid).
 */
import { isIP } from 'node:net';
import { maxLenError, regexError } from './names.js';

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** A DNS-1035 label (service names): `[a-z]([-a-z0-9]*[a-z0-9])?`, ≤ 63. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_ERR_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** upstream IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** upstream IsValidPortName (IANA_SVC_NAME): ≤ 15 of [-a-z0-9], a letter, no `--`, no hyphen at the ends. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens (--)');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen (-)');
  return errs;
}

export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** Whether `value` parses as an IP address (Go's ParseIPSloppy also takes IPv4 parts with leading zeros). */
export function isValidIP(value: string): boolean {
  return isIP(value) !== 0 || (/^\d{1,3}(\.\d{1,3}){3}$/.test(value) && value.split('.').every((p) => Number(p) <= 255));
}

/** Whether `value` parses as a CIDR (`address/prefix`). */
export function isValidCIDR(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || !isValidIP(address)) return false;
  return Number(prefix) <= (address.includes(':') ? 128 : 32);
}

export function isIPv6(value: string): boolean {
  return isIP(value) === 6;
}
