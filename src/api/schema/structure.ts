import { schemaType, type SchemaField, type ValueType } from './schema.js';

/**
 * Structural checking of a JSON object against the schema, as Kubernetes' strict JSON decoding
 * does: values of the wrong JSON type are errors (upstream: `json: cannot unmarshal string into Go
 * struct field DeploymentSpec.spec.replicas of type int32`); fields the schema does not know are
 * reported by path (`spec.containers[0].imagee`) so the caller can apply `fieldValidation`
 * (Strict: 400, Warn: a Warning header, Ignore: drop). Duplicate fields cannot be seen here: JSON
 * parsing has already merged them.
 */
export interface StructureReport {
  unknownFields: string[];
  typeErrors: string[];
}

/**
 * Checks `value` as an object of the message `typeName` (a top-level kind: apiVersion and kind
 * are allowed). With `prune`, `value` is also made what Go's decoding would make of it: unknown
 * fields are removed, a `null` field is removed (Go leaves the field at its zero value, which
 * encodes as absent), and a `null` list item or map value becomes its type's zero value (`{}` for
 * objects, `''`, `0`, `false`), so later code never meets a `null` where the schema has a value.
 */
export function checkStructure(typeName: string, value: unknown, prune = false): StructureReport {
  const report: StructureReport = { unknownFields: [], typeErrors: [] };
  checkObject(typeName, value, '', shortName(typeName), report, true, prune);
  return report;
}

/** `owner` is the Go struct holding the field at `path` (for messages). */
function checkObject(typeName: string, value: unknown, path: string, owner: string, report: StructureReport, topLevel = false, prune = false): void {
  if (value === null) return;
  const type = schemaType(typeName);
  if (!type) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    report.typeErrors.push(mismatch(value, path, goTypeName(typeName), owner));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const field = type.jsonFields.get(key);
    if (child === null && prune && (field || !topLevel || (key !== 'apiVersion' && key !== 'kind'))) {
      if (!field) report.unknownFields.push(childPath);
      delete (value as Record<string, unknown>)[key];
      continue;
    }
    if (!field) {
      if (topLevel && (key === 'apiVersion' || key === 'kind')) {
        if (typeof child !== 'string') report.typeErrors.push(mismatch(child, childPath, 'string', shortName(typeName)));
        continue;
      }
      report.unknownFields.push(childPath);
      if (prune) delete (value as Record<string, unknown>)[key];
      continue;
    }
    checkField(field, child, childPath, shortName(typeName), report, prune);
  }
}

function checkField(field: SchemaField, value: unknown, path: string, owner: string, report: StructureReport, prune: boolean): void {
  if (value === null) return;
  if (field.collection === 'list') {
    if (!Array.isArray(value)) {
      report.typeErrors.push(mismatch(value, path, `[]${goValueName(field.type)}`, owner));
      return;
    }
    value.forEach((item, i) => {
      if (item === null && prune) value[i] = zeroValue(field.type);
      else checkValue(field.type, item, `${path}[${i}]`, owner, report, prune);
    });
    return;
  }
  if (field.collection === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) {
      report.typeErrors.push(mismatch(value, path, `map[string]${goValueName(field.type)}`, owner));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === null && prune) (value as Record<string, unknown>)[key] = zeroValue(field.type);
      else checkValue(field.type, item, `${path}.${key}`, owner, report, prune);
    }
    return;
  }
  checkValue(field.type, value, path, owner, report, prune);
}

function checkValue(type: ValueType, value: unknown, path: string, owner: string, report: StructureReport, prune: boolean): void {
  if (value === null) return;
  if ('ref' in type) {
    checkObject(type.ref, value, path, owner, report, false, prune);
    return;
  }
  const ok = 'scalar' in type ? scalarMatches(type.scalar, value) : specialMatches(type.special, value);
  if (!ok) report.typeErrors.push(mismatch(value, path, goValueName(type), owner));
}

/** What Go decodes `null` into for a list item or map value of `type` (its zero value, as JSON). */
function zeroValue(type: ValueType): unknown {
  if ('ref' in type) return {};
  if ('scalar' in type) return type.scalar === 'string' || type.scalar === 'bytes' ? '' : type.scalar === 'boolean' ? false : 0;
  switch (type.special) {
    case 'quantity':
      return '0';
    case 'int-or-string':
      return 0;
    case 'string-list':
      return [];
    case 'fields-v1':
      return {};
    default:
      return null; // times (the zero time is null), durations, raw extensions
  }
}

function scalarMatches(kind: string, value: unknown): boolean {
  switch (kind) {
    case 'string':
    case 'bytes':
      return typeof value === 'string';
    case 'int32':
    case 'int64':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return typeof value === 'number';
  }
}

function specialMatches(kind: string, value: unknown): boolean {
  switch (kind) {
    case 'time':
    case 'micro-time':
    case 'duration':
      return typeof value === 'string';
    case 'quantity':
      return typeof value === 'string' || typeof value === 'number';
    case 'int-or-string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
    case 'fields-v1':
      return typeof value === 'object' && !Array.isArray(value);
    case 'string-list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    default:
      return true; // raw-extension: any JSON
  }
}

/** Upstream's encoding/json message. */
function mismatch(value: unknown, path: string, goType: string, owner: string): string {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  return `json: cannot unmarshal ${got} into Go struct field ${owner}.${path} of type ${goType}`;
}

function shortName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

/** Go's name for a type: `v1.PodSpec`, `int32`, `resource.Quantity`… */
function goTypeName(typeName: string): string {
  const parts = typeName.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

function goValueName(type: ValueType): string {
  if ('ref' in type) return goTypeName(type.ref);
  if ('scalar' in type) return { string: 'string', bytes: '[]uint8', int32: 'int32', int64: 'int64', boolean: 'bool', double: 'float64' }[type.scalar];
  return {
    time: 'v1.Time',
    'micro-time': 'v1.MicroTime',
    duration: 'v1.Duration',
    quantity: 'resource.Quantity',
    'int-or-string': 'intstr.IntOrString',
    'fields-v1': 'v1.FieldsV1',
    'string-list': 'v1.Verbs',
    'raw-extension': 'runtime.RawExtension',
  }[type.special];
}
