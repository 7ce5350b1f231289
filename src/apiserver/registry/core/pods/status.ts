/**
 * Pod status rules (pkg/apis/core/v1/conversion.go and ValidatePodStatusUpdate, v1.32): the
 * v1 conversion keeps podIP/podIPs and hostIP/hostIPs in step (the singular field wins when they
 * differ), pod and host IPs must be valid with at most one per family, and the QoS class set at
 * creation never changes.
 */
import { isIP } from 'node:net';
import { childPath, indexPath, invalid, type FieldError } from '../../../../api/field-errors.js';
import type { PodStatusLike } from './types.js';

type IPList = { ip?: string }[];

/** The conversion round trip: plural from singular, singular from the plural's first entry. */
export function normalizeStatusIPs(status: PodStatusLike | undefined): void {
  if (!status) return;
  for (const [single, plural] of [['podIP', 'podIPs'], ['hostIP', 'hostIPs']] as const) {
    const one = status[single] as string | undefined;
    let list = status[plural] as IPList | undefined;
    if (one && (!list || list.length === 0 || list[0]?.ip !== one)) list = status[plural] = [{ ip: one }];
    if (list && list.length > 0 && list[0]?.ip) status[single] = list[0].ip;
  }
}

const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function validateIPs(list: IPList | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const ips = list ?? [];
  ips.forEach((entry, i) => {
    if (isIP(entry.ip ?? '') === 0) errors.push(invalid(indexPath(path, i), entry.ip ?? '', IP_MESSAGE));
  });
  if (errors.length === 0 && ips.length > 1) {
    const families = ips.map((entry) => isIP(entry.ip ?? ''));
    if (ips.length > 2 || families[0] === families[1]) errors.push(invalid(path, ips, 'may specify no more than one IP for each IP family'));
  }
  return errors;
}

export function validatePodStatus(status: PodStatusLike | undefined): FieldError[] {
  return [...validateIPs(status?.podIPs, childPath('status', 'podIPs')), ...validateIPs(status?.['hostIPs'] as IPList | undefined, childPath('status', 'hostIPs'))];
}

export function validatePodStatusUpdate(status: PodStatusLike | undefined, old: PodStatusLike | undefined): FieldError[] {
  const qos = status?.qosClass ?? '';
  return old?.qosClass !== undefined && qos !== old.qosClass ? [invalid(childPath('status', 'qosClass'), qos, 'field is immutable')] : [];
}
