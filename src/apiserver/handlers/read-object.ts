import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeKubernetesProtobuf } from '../../api/protobuf/decode.js';
import { checkStructure } from '../../api/schema/structure.js';
import { BadRequestError } from '../../util/errors.js';
import { checkShape, decodeBodyFields, mediaTypeOf, readBody } from '../http/body.js';
import type { DuplicateField } from '../http/duplicate-fields.js';
import type { KubeObject } from '../registry/generic/object.js';
import { groupVersion } from '../registry/resource-definition.js';
import type { ApiResource } from '../registry/resource.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/**
 * Reads a full object body (JSON, YAML or Kubernetes protobuf) for `resource`, checks its
 * apiVersion and kind, and checks its structure (see `checkObject`). Sets apiVersion and kind.
 */
export async function readObject(req: IncomingMessage, res: ServerResponse, resource: ApiResource, query: URLSearchParams): Promise<KubeObject> {
  const body = await readBody(req);
  const mediaType = mediaTypeOf(req.headers['content-type']);
  const { value: decoded, duplicates } = mediaType === PROTOBUF ? decodeProtobuf(body) : decodeBodyFields(mediaType, body);
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw new BadRequestError('the request body must be a JSON or YAML object');
  const object = decoded as KubeObject;
  for (const field of ['apiVersion', 'kind'] as const) {
    const value: unknown = object[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      const got = Array.isArray(value) ? 'array' : typeof value;
      throw new BadRequestError(`couldn't get version/kind; json parse error: json: cannot unmarshal ${got} into Go struct field .${field} of type string`);
    }
  }
  const def = resource.definition;
  const gv = groupVersion(def);
  if (object.apiVersion !== undefined && object.apiVersion !== gv) {
    throw new BadRequestError(`the API version in the data (${object.apiVersion}) does not match the expected API version (${gv})`);
  }
  if (object.kind !== undefined && object.kind !== def.kind) {
    throw new BadRequestError(`${object.kind} in version "${def.version}" cannot be handled as a ${def.kind}: the kind in the body does not match the resource`);
  }
  object.apiVersion = gv;
  object.kind = def.kind;
  object.metadata ??= {};
  checkObject(res, resource, object, query, duplicates);
  return object;
}

/** A protobuf body as JSON; embedded JSON (RawExtension, FieldsV1) obeys the JSON nesting limit. */
function decodeProtobuf(body: Buffer): { value: unknown; duplicates: [] } {
  const value = decodeKubernetesProtobuf(body);
  checkShape(value);
  return { value, duplicates: [] };
}

/**
 * Type errors are 400; unknown fields and the body's duplicate keys are refused (Strict), reported
 * in Warning headers (Warn, the default) or silently dropped (Ignore), per `?fieldValidation`.
 * Unknown fields are removed. As upstream, YAML duplicates (by line) come first, then unknown
 * fields, then JSON duplicates; a duplicated unknown field is reported only as unknown.
 */
export function checkObject(res: ServerResponse, resource: ApiResource, object: KubeObject, query: URLSearchParams, duplicates: readonly DuplicateField[] = []): void {
  const def = resource.definition;
  const mode = query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(mode)) {
    throw new BadRequestError(`fieldValidation: Unsupported value: "${mode}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const report = checkStructure(resource.schemaType, object, true);
  if (report.typeErrors.length > 0) {
    throw new BadRequestError(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${report.typeErrors[0]}`);
  }
  if ((report.unknownFields.length === 0 && duplicates.length === 0) || mode === 'Ignore') return;
  const unknown = report.unknownFields;
  const underUnknown = (path: string): boolean => unknown.some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`));
  const messages = [
    ...duplicates.filter((d) => d.path === undefined).map((d) => d.message),
    ...unknown.map((f) => `unknown field "${f}"`),
    ...duplicates.filter((d) => d.path !== undefined && !underUnknown(d.path)).map((d) => d.message),
  ];
  if (messages.length === 0) return;
  if (mode === 'Strict') throw new BadRequestError(`strict decoding error: ${messages.join(', ')}`);
  for (const message of messages) addWarning(res, message);
}

/**
 * Adds a `Warning: 299 - "…"` header, which kubectl prints as `Warning: …`. The text is quoted
 * (`"` and `\` escaped, control characters as JSON escapes) and sent as UTF-8 bytes, as Go writes
 * it; Node would refuse the raw string (it takes header values as Latin-1 without controls).
 */
export function addWarning(res: ServerResponse, message: string): void {
  const existing = res.getHeader('Warning');
  const value = Buffer.from(`299 - ${JSON.stringify(message).replaceAll('\x7f', '\\u007f')}`, 'utf8').toString('latin1');
  res.setHeader('Warning', existing ? [...(Array.isArray(existing) ? existing : [String(existing)]), value] : value);
}
