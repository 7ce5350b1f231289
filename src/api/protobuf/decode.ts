import type protobuf from 'protobufjs';
import { BadRequestError } from '../../util/errors.js';
import { schemaType } from '../schema/schema.js';
import { protoType } from './registry.js';

/** The 4 bytes every Kubernetes protobuf body starts with ("k8s\0"). */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/**
 * Decodes a Kubernetes protobuf body (`application/vnd.kubernetes.protobuf`: the magic prefix,
 * then a runtime.Unknown wrapping the typed message) into the JSON object the same request would
 * have carried as JSON, apiVersion and kind included.
 *
 * Go always sends value-typed (non-pointer) scalars, so their zero values ('' / 0 / false)
 * arrive; they are dropped where the schema says the field is a non-pointer omitempty one, as Go's
 * JSON would, and kept for pointers, where zero is meaningful (`replicas: 0`, `runAsUser: 0`).
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < MAGIC.length || !MAGIC.equals(body.subarray(0, MAGIC.length))) {
    throw new BadRequestError(`provided data does not appear to be a protobuf message, expected prefix [${[...MAGIC].join(' ')}]`);
  }
  const unknownType = protoType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
  let envelope: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array; contentEncoding?: string };
  try {
    envelope = unknownType.decode(body.subarray(MAGIC.length)) as typeof envelope;
  } catch (err) {
    throw new BadRequestError(`malformed protobuf body: ${(err as Error).message}`);
  }
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  if (envelope.contentEncoding) throw new BadRequestError(`unsupported protobuf content encoding "${envelope.contentEncoding}"`);
  const type = protoType(messageName(apiVersion, kind));
  if (!type) throw new BadRequestError(`no kind "${kind}" is registered for version "${apiVersion}" in protobuf`);
  let message: protobuf.Message;
  try {
    message = type.decode(envelope.raw ?? new Uint8Array());
  } catch (err) {
    throw new BadRequestError(`malformed protobuf ${kind}: ${(err as Error).message}`);
  }
  return { apiVersion, kind, ...(toJSON(type, message) as Record<string, unknown>) };
}

/** The protobuf message of a kind: `apps/v1` Deployment → `k8s.io.api.apps.v1.Deployment`. */
export function messageName(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (group === 'meta.k8s.io') return `${META}.${kind}`;
  return `k8s.io.api.${group === '' ? 'core' : group.split('.')[0]}.${version}.${kind}`;
}

/** A decoded message as Kubernetes JSON (see the special types below). */
function toJSON(type: protobuf.Type, message: protobuf.Message | Record<string, unknown>): unknown {
  const special = SPECIAL[type.fullName.slice(1)];
  if (special) return special(message as unknown as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  const schemaFields = schemaType(type.fullName.slice(1))?.fields ?? [];
  for (const field of type.fieldsArray) {
    // Only fields present on the wire are own properties; the rest are protobufjs's prototype defaults.
    if (!Object.hasOwn(message, field.name)) continue;
    const value = (message as unknown as Record<string, unknown>)[field.name];
    if (value === undefined || value === null) continue;
    // Empty lists and maps are indistinguishable from absent ones on the wire.
    if (field.repeated && Array.isArray(value) && value.length === 0) continue;
    if (field.map && Object.keys(value).length === 0) continue;
    const converted = convert(field, value);
    if (converted === undefined) continue;
    const facts = schemaFields.find((f) => f.name === field.name);
    // Go always sends value-typed scalars; its JSON omits their zero values (omitempty).
    if (facts?.optional && !facts.pointer && (converted === '' || converted === 0 || converted === false)) continue;
    // Go embeds these structs inline: protobuf nests them as a field, JSON flattens them.
    if (facts?.inline && converted && typeof converted === 'object') Object.assign(out, converted);
    else out[field.name] = converted;
  }
  return out;
}

function convert(field: protobuf.Field, value: unknown): unknown {
  const one = (v: unknown): unknown => {
    if (field.resolvedType && 'fieldsArray' in field.resolvedType) return toJSON(field.resolvedType as protobuf.Type, v as Record<string, unknown>);
    if (field.type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
    if (field.type === 'int64' || field.type === 'uint64') return toNumber(v);
    return v;
  };
  if (field.map) return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, one(v)]));
  if (field.repeated) return (value as unknown[]).map(one);
  return one(value);
}

/** Messages whose JSON form is not an object of their fields. */
const SPECIAL: Record<string, (m: Record<string, unknown>) => unknown> = {
  // Go always sends value-typed times; the zero time is JSON null (absent), as Go prints it.
  [`${META}.Time`]: (m) => (isZeroTime(m) ? undefined : rfc3339(toNumber(m['seconds'] ?? 0), 0)),
  [`${META}.MicroTime`]: (m) => (isZeroTime(m) ? undefined : rfc3339(toNumber(m['seconds'] ?? 0), Number(m['nanos'] ?? 0), 6)),
  [`${META}.Verbs`]: (m) => m['items'] ?? [],
  [`${META}.FieldsV1`]: (m) => rawJSON(m['Raw']),
  'k8s.io.apimachinery.pkg.runtime.RawExtension': (m) => rawJSON(m['raw']),
  'k8s.io.apimachinery.pkg.api.resource.Quantity': (m) => m['string'] ?? '0',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': (m) => (Number(m['type'] ?? 0) === 1 ? (m['strVal'] ?? '') : (m['intVal'] ?? 0)),
};

function isZeroTime(m: Record<string, unknown>): boolean {
  return toNumber(m['seconds'] ?? 0) === 0 && Number(m['nanos'] ?? 0) === 0;
}

/** int64 values arrive as numbers or, when protobufjs uses long.js, as Long objects. */
function toNumber(v: unknown): number {
  return typeof v === 'object' && v !== null && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v);
}

function rfc3339(seconds: number, nanos: number, fractionDigits = 0): string {
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (fractionDigits === 0) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 10 ** (9 - fractionDigits))).padStart(fractionDigits, '0')}Z`;
}

function rawJSON(raw: unknown): unknown {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw new BadRequestError('malformed protobuf body: an embedded object is not valid JSON');
  }
}
