import protobuf from 'protobufjs';
import { stringify as toYaml } from 'yaml';
import { GNOSTIC_V2 } from './gnostic-v2.generated.js';

/**
 * Swagger 2.0 JSON → gnostic's `openapi.v2.Document` protobuf, the body of `/openapi/v2` for
 * `Accept: application/com.github.proto-openapi.spec.v2[@.]v1.0+protobuf` (what kubectl and
 * client-go ask for). Mirrors gnostic's compiler (openapi_v2.ParseDocument), which upstream runs
 * over its JSON document: objects keyed by name become repeated `Named*` pairs, `x-` keys become
 * `vendor_extension` entries whose value is the YAML text of the JSON value (kube-openapi reads
 * them back with a YAML decoder), `default`/`enum`/`example` values become `Any{yaml}`, and the
 * schema-or-boolean / schema-or-array / reference-or-object unions become gnostic's oneof
 * wrappers. Keys gnostic does not know are dropped.
 */
const root = protobuf.Root.fromJSON(GNOSTIC_V2);
export const GnosticDocument = root.lookupType('openapi.v2.Document');

type Json = Record<string, unknown>;
type Converter = (value: unknown) => unknown;

/** Encodes a Swagger 2.0 document (as served in JSON) to gnostic's protobuf. */
export function encodeGnosticDocument(document: Json): Uint8Array {
  const message = convert(GnosticDocument, document) as Json;
  return GnosticDocument.encode(GnosticDocument.fromObject(message)).finish();
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** gnostic's `Any`: the value as YAML text. */
function any(value: unknown): Json {
  return { yaml: toYaml(value) };
}

function vendorExtensions(object: Json): Json[] {
  return Object.entries(object)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, value]) => ({ name, value: any(value) }));
}

/** `{name: value}` (vendor extensions aside) as gnostic's repeated `{name, value}` pairs. */
function named(object: unknown, value: Converter): Json[] {
  if (!isObject(object)) return [];
  return Object.entries(object)
    .filter(([key]) => !key.startsWith('x-'))
    .map(([name, v]) => ({ name, value: value(v) }));
}

const type = (name: string): protobuf.Type => root.lookupType(`openapi.v2.${name}`);
const message =
  (name: string): Converter =>
  (value) =>
    convert(type(name), value);
const additional = (valueType: Converter) => (value: unknown) => ({ additional_properties: named(value, valueType) });
const reference = (value: unknown): Json | undefined => (isObject(value) && typeof value['$ref'] === 'string' ? { _ref: value['$ref'] } : undefined);

const PARAMETER_SUB_SCHEMAS: Readonly<Record<string, string>> = {
  header: 'header_parameter_sub_schema',
  formData: 'form_data_parameter_sub_schema',
  query: 'query_parameter_sub_schema',
  path: 'path_parameter_sub_schema',
};
const SUB_SCHEMA_TYPES: Readonly<Record<string, string>> = {
  header: 'HeaderParameterSubSchema',
  formData: 'FormDataParameterSubSchema',
  query: 'QueryParameterSubSchema',
  path: 'PathParameterSubSchema',
};
const SECURITY_TYPES: Readonly<Record<string, [string, string]>> = {
  basic: ['basic_authentication_security', 'BasicAuthenticationSecurity'],
  apiKey: ['api_key_security', 'ApiKeySecurity'],
  'oauth2:implicit': ['oauth2_implicit_security', 'Oauth2ImplicitSecurity'],
  'oauth2:password': ['oauth2_password_security', 'Oauth2PasswordSecurity'],
  'oauth2:application': ['oauth2_application_security', 'Oauth2ApplicationSecurity'],
  'oauth2:accessCode': ['oauth2_access_code_security', 'Oauth2AccessCodeSecurity'],
};

/** Messages whose JSON form is not an object of their fields (maps, unions, arrays). */
const SPECIAL: Readonly<Record<string, Converter>> = {
  Any: any,
  Paths: (value) => ({ path: named(value, message('PathItem')), vendor_extension: isObject(value) ? vendorExtensions(value) : [] }),
  Definitions: additional(message('Schema')),
  Properties: additional(message('Schema')),
  ParameterDefinitions: additional(message('Parameter')),
  ResponseDefinitions: additional(message('Response')),
  SecurityDefinitions: additional(message('SecurityDefinitionsItem')),
  Headers: additional(message('Header')),
  Examples: additional(any),
  Default: additional(any),
  Oauth2Scopes: additional((v) => String(v)),
  SecurityRequirement: additional((v) => ({ value: Array.isArray(v) ? v.map(String) : [] })),
  Responses: (value) => ({ response_code: named(value, message('ResponseValue')), vendor_extension: isObject(value) ? vendorExtensions(value) : [] }),
  ResponseValue: (value) => {
    const ref = reference(value);
    return ref ? { json_reference: ref } : { response: convert(type('Response'), value) };
  },
  ParametersItem: (value) => {
    const ref = reference(value);
    return ref ? { json_reference: ref } : { parameter: convert(type('Parameter'), value) };
  },
  Parameter: (value) => {
    const where = isObject(value) ? String(value['in']) : '';
    if (where === 'body') return { body_parameter: convert(type('BodyParameter'), value) };
    const field = PARAMETER_SUB_SCHEMAS[where];
    return field ? { non_body_parameter: { [field]: convert(type(SUB_SCHEMA_TYPES[where]!), value) } } : {};
  },
  SchemaItem: (value) => (isObject(value) && value['type'] === 'file' ? { file_schema: convert(type('FileSchema'), value) } : { schema: convert(type('Schema'), value) }),
  AdditionalPropertiesItem: (value) => (typeof value === 'boolean' ? { boolean: value } : { schema: convert(type('Schema'), value) }),
  TypeItem: (value) => ({ value: (Array.isArray(value) ? value : [value]).map(String) }),
  ItemsItem: (value) => ({ schema: (Array.isArray(value) ? value : [value]).map((v) => convert(type('Schema'), v)) }),
  SecurityDefinitionsItem: (value) => {
    if (!isObject(value)) return {};
    const key = value['type'] === 'oauth2' ? `oauth2:${String(value['flow'])}` : String(value['type']);
    const choice = SECURITY_TYPES[key];
    return choice ? { [choice[0]]: convert(type(choice[1]), value) } : {};
  },
};

/** JSON key → gnostic field name (`$ref` → `_ref`, camelCase → snake_case). */
function fieldName(key: string): string {
  return key === '$ref' ? '_ref' : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function convert(messageType: protobuf.Type, value: unknown): unknown {
  const special = SPECIAL[messageType.name];
  if (special) return special(value);
  if (!isObject(value)) return {};
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    const field = messageType.fields[fieldName(key)];
    if (!field) continue;
    field.resolve();
    const element = (x: unknown): unknown => (field.resolvedType instanceof protobuf.Type ? convert(field.resolvedType, x) : x);
    out[field.name] = field.repeated ? (Array.isArray(v) ? v : [v]).map(element) : element(v);
  }
  if (messageType.fields['vendor_extension']) {
    const extensions = vendorExtensions(value);
    if (extensions.length > 0) out['vendor_extension'] = extensions;
  }
  return out;
}
