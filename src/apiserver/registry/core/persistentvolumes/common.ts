import { forbidden, invalid, notSupported, type FieldError } from '../../../../api/field-errors.js';
import type { Quantity } from '../../../../api/quantity/index.js';
import { quantityField } from '../../../../api/validation/quantity-field.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';

// What PersistentVolumes and PersistentVolumeClaims share (upstream pkg/apis/core/validation and
// pkg/api/v1/persistentvolume helpers, v1.32).

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** Unknown access modes, and ReadWriteOncePod mixed with others. */
export function validateAccessModes(modes: readonly string[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  let once = false;
  let other = false;
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) errors.push(notSupported(path, mode, ACCESS_MODES));
    if (mode === 'ReadWriteOncePod') once = true;
    else other = true;
  }
  if (once && other) errors.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errors;
}

/** upstream ValidatePositiveQuantityValue (after the quantity parses). */
export function positiveQuantity(path: string, value: unknown, errors: FieldError[]): Quantity | undefined {
  const quantity = quantityField(path, value, errors);
  if (quantity && quantity.sign() <= 0) errors.push(invalid(path, quantity.toString(), 'must be greater than zero'));
  return quantity;
}

export function validateClassName(name: string | undefined, path: string): FieldError[] {
  if (!name) return [];
  return isDNS1123Subdomain(name).map((msg) => invalid(path, name, msg));
}

export function validateVolumeMode(mode: string | undefined, path: string): FieldError[] {
  return mode !== undefined && !VOLUME_MODES.includes(mode) ? [notSupported(path, mode, VOLUME_MODES)] : [];
}

/** upstream GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ]
    .filter(([mode]) => present.has(mode!))
    .map(([, short]) => short)
    .join(',');
}

/** A short diff of two specs for "is immutable" messages: the top-level fields that differ. */
export function specDiff(old: Record<string, unknown>, updated: Record<string, unknown>): string {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(updated)])].sort();
  const lines: string[] = [];
  for (const key of keys) {
    const before = JSON.stringify(old[key]);
    const after = JSON.stringify(updated[key]);
    if (before === after) continue;
    if (before !== undefined) lines.push(`- ${key}: ${before}`);
    if (after !== undefined) lines.push(`+ ${key}: ${after}`);
  }
  return lines.join('\n');
}
