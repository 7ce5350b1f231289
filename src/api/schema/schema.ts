import { PROTO_MESSAGES } from '../protobuf/messages.generated.js';
import { GO_ENUMS, GO_TYPES, type GoFieldFacts } from './go-facts.generated.js';

/**
 * The one schema of every served Kubernetes type, joined from two generated fact tables: the
 * protobuf messages (field names, numbers, types, lists, maps; exact v1.32) and the Go type facts
 * (pointers, optional/required, inline, patch strategies, list/map semantics, enums). OpenAPI,
 * validation, unknown-field detection, strategic-merge metadata and protobuf decoding all read
 * this model.
 */
export type ScalarKind = 'string' | 'int32' | 'int64' | 'boolean' | 'double' | 'bytes';

/** Types whose JSON form is not an object of their protobuf fields. */
export type SpecialKind = 'time' | 'micro-time' | 'quantity' | 'int-or-string' | 'raw-extension' | 'fields-v1' | 'duration' | 'string-list';

export type ValueType = { scalar: ScalarKind } | { special: SpecialKind } | { ref: string };

export interface SchemaField extends Omit<GoFieldFacts, 'goType'> {
  /** JSON (and protobuf) field name. */
  readonly name: string;
  readonly number: number;
  readonly type: ValueType;
  readonly collection?: 'list' | 'map';
  /** Allowed values, when the Go type is an enum. */
  readonly enum?: readonly string[];
  /** Whether Go facts describe this field (optional/required/patch metadata are known). */
  readonly described: boolean;
}

export interface SchemaType {
  /** Protobuf full name, e.g. `k8s.io.api.core.v1.Container`. */
  readonly name: string;
  /** Fields as protobuf has them (inline fields nested). */
  readonly fields: readonly SchemaField[];
  /** Fields as JSON shows them: inline fields' fields flattened in, by name. */
  readonly jsonFields: ReadonlyMap<string, SchemaField>;
  readonly atomic: boolean;
  /** Whether Go facts exist for the type (without them, optionality and patch metadata are unknown). */
  readonly factsKnown: boolean;
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
export const SPECIAL_TYPES: Readonly<Record<string, SpecialKind>> = {
  [`${META}.Time`]: 'time',
  [`${META}.MicroTime`]: 'micro-time',
  [`${META}.Duration`]: 'duration',
  [`${META}.FieldsV1`]: 'fields-v1',
  [`${META}.Verbs`]: 'string-list',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'raw-extension',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
};

const SCALARS: Readonly<Record<string, ScalarKind>> = {
  string: 'string',
  int32: 'int32',
  uint32: 'int32',
  int64: 'int64',
  uint64: 'int64',
  bool: 'boolean',
  double: 'double',
  float: 'double',
  bytes: 'bytes',
};

const cache = new Map<string, SchemaType | null>();

/** The schema of a message by protobuf full name; undefined for unknown names. */
export function schemaType(name: string): SchemaType | undefined {
  let type = cache.get(name);
  if (type === undefined) {
    type = build(name) ?? null;
    cache.set(name, type);
  }
  return type ?? undefined;
}

function valueType(protoType: string): ValueType {
  const scalar = SCALARS[protoType];
  if (scalar) return { scalar };
  const special = SPECIAL_TYPES[protoType];
  return special ? { special } : { ref: protoType };
}

function build(name: string): SchemaType | undefined {
  const message = PROTO_MESSAGES[name];
  if (!message) return undefined;
  const facts = GO_TYPES[name];
  const fields: SchemaField[] = message.map(([fieldName, number, protoType, kind]) => {
    const described = facts?.fields[fieldName] !== undefined;
    const { goType, ...fieldFacts } = facts?.fields[fieldName] ?? {};
    const values = goType === undefined ? undefined : GO_ENUMS[goType];
    return {
      ...fieldFacts,
      name: fieldName,
      number,
      described,
      type: valueType(protoType),
      ...(kind === 'repeated' ? { collection: 'list' as const } : kind === 'map' ? { collection: 'map' as const } : {}),
      ...(values ? { enum: values } : {}),
    };
  });
  const jsonFields = new Map<string, SchemaField>();
  for (const field of fields) {
    const inner = field.inline && 'ref' in field.type ? schemaType(field.type.ref) : undefined;
    if (inner) for (const [innerName, innerField] of inner.jsonFields) jsonFields.set(innerName, innerField);
    else jsonFields.set(field.name, field);
  }
  return { name, fields, jsonFields, atomic: facts?.atomic === true, factsKnown: facts !== undefined };
}
