import { invalid, tooLong, type FieldError } from '../field-errors.js';
import { FieldSet } from './field-set.js';

/** metav1.ManagedFieldsEntry, in its JSON form. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** One manager's fields: who (manager, operation, apiVersion, subresource), when, and what. */
export interface ManagerFields {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly subresource: string;
  readonly time: string | undefined;
  readonly set: FieldSet;
}

/**
 * Managers by identifier (upstream BuildManagerIdentifier): manager, operation and subresource,
 * plus apiVersion for Update entries, so an applier keeps one entry across versions while each
 * API version a manager updated through gets its own.
 */
export type Managers = Map<string, ManagerFields>;

export function managerIdentifier(m: Pick<ManagerFields, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  // The JSON of {manager?, operation, apiVersion? (Update only), subresource?}, in that order.
  let out = m.manager ? `{"manager":${JSON.stringify(m.manager)},` : '{';
  out += `"operation":${JSON.stringify(m.operation)}`;
  if (m.operation === 'Update' && m.apiVersion) out += `,"apiVersion":${JSON.stringify(m.apiVersion)}`;
  if (m.subresource) out += `,"subresource":${JSON.stringify(m.subresource)}`;
  return `${out}}`;
}

/**
 * Decodes `metadata.managedFields` (upstream DecodeManagedFields); throws an Error naming what is
 * wrong (the caller decides whether that is fatal or means "use the live object's").
 */
export function decodeManagedFields(entries: unknown): Managers {
  const managers: Managers = new Map();
  if (entries === undefined || entries === null) return managers;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw: unknown, i) => {
    const entry = (raw ?? {}) as ManagedFieldsEntry;
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (!entry.apiVersion) throw new Error('apiVersion must not be empty');
    if (entry.fieldsType === undefined || entry.fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (entry.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(entry.fieldsType)} in managed fields entry ${i}`);
    const fields: ManagerFields = {
      manager: entry.manager ?? '',
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      subresource: entry.subresource ?? '',
      time: entry.time,
      set: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}),
    };
    managers.set(managerIdentifier(fields), fields);
  });
  return managers;
}

/**
 * The `metadata.managedFields` of `managers` (upstream encodeManagedFields): managers without
 * fields are dropped; entries sorted Apply before Update, then by time, manager, apiVersion and
 * subresource.
 */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].filter((m) => !m.set.empty);
  const seconds = (m: ManagerFields): number => (m.time ? Math.floor(Date.parse(m.time) / 1000) : 0);
  entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) || seconds(p) - seconds(q) || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource, q.subresource),
  );
  return entries.map(encodeEntry);
}

/** One entry, its keys in upstream's order (built field by field: this runs on every write). */
function encodeEntry(m: ManagerFields): ManagedFieldsEntry {
  const entry: ManagedFieldsEntry = {};
  if (m.manager) entry.manager = m.manager;
  entry.operation = m.operation;
  entry.apiVersion = m.apiVersion;
  if (m.time) entry.time = m.time;
  entry.fieldsType = 'FieldsV1';
  entry.fieldsV1 = m.set.toFieldsV1();
  if (m.subresource) entry.subresource = m.subresource;
  return entry;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `managedFields: []` (or one empty entry) asks to clear them (upstream isResetManagedFields);
 * an absent list means "keep the live ones".
 */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && (entries[0] === null || (typeof entries[0] === 'object' && Object.keys(entries[0] as object).length === 0));
}

/** Upstream FieldManagerMaxLength. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

/** Upstream ValidateFieldManager: at most 128 bytes, printable characters only. */
export function validateFieldManager(fieldManager: string, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (Buffer.byteLength(fieldManager) > FIELD_MANAGER_MAX_LENGTH) errors.push(tooLong(field, '', FIELD_MANAGER_MAX_LENGTH));
  let index = 0;
  for (const ch of fieldManager) {
    if (!isPrintable(ch)) errors.push(invalid(field, fieldManager, `invalid characters at index ${index}`));
    index += Buffer.byteLength(ch);
  }
  return errors;
}

/** Upstream ValidateManagedFields (run with ObjectMeta validation). */
export function validateManagedFields(entries: readonly ManagedFieldsEntry[], field = 'metadata.managedFields'): FieldError[] {
  const errors: FieldError[] = [];
  entries.forEach((entry, i) => {
    const path = `${field}[${i}]`;
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') errors.push(invalid(`${path}.operation`, entry.operation ?? '', 'must be `Apply` or `Update`'));
    if (entry.fieldsType && entry.fieldsType !== 'FieldsV1') errors.push(invalid(`${path}.fieldsType`, entry.fieldsType, 'must be `FieldsV1`'));
    errors.push(...validateFieldManager(entry.manager ?? '', `${path}.manager`));
    if ((entry.subresource ?? '').length > 256) errors.push(tooLong(`${path}.subresource`, '', 256));
  });
  return errors;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrintable(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}
