import { isDeepStrictEqual } from 'node:util';
import { forbidden, invalid, required, tooLong, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { configKeyErrors, MAX_DATA_BYTES } from '../configmaps/strategy.js';

type Secret = KubeObject & { data?: Record<string, string>; stringData?: Record<string, string>; type?: string; immutable?: boolean };

/** Keys a typed Secret must carry (upstream ValidateSecret). */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** stringData is write-only: merged into data (base64) and dropped, as upstream's conversion does. */
function foldStringData(o: KubeObject): void {
  const secret = o as Secret;
  secret.type ||= 'Opaque';
  if (!secret.stringData) return;
  secret.data ??= {};
  for (const [key, value] of Object.entries(secret.stringData)) secret.data[key] = Buffer.from(value, 'utf8').toString('base64');
  delete secret.stringData;
}

function validate(o: KubeObject): FieldError[] {
  const secret = o as Secret;
  const errors: FieldError[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    for (const msg of configKeyErrors(key)) errors.push(invalid(`data[${key}]`, key, msg));
    if (typeof value !== 'string' || value.length % 4 === 1 || !BASE64.test(value)) errors.push(invalid(`data[${key}]`, '<secret contents redacted>', 'must be base64-encoded'));
    else total += Buffer.from(value, 'base64').length;
  }
  if (total > MAX_DATA_BYTES) errors.push(tooLong('data', '', MAX_DATA_BYTES));
  for (const key of REQUIRED_KEYS[secret.type ?? ''] ?? []) {
    if (!secret.data || !(key in secret.data)) errors.push(required(`data[${key}]`, ''));
  }
  return errors;
}

export const secretStrategy: ResourceStrategy = {
  group: '',
  resource: 'secrets',
  kind: 'Secret',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: foldStringData,
  prepareForUpdate: foldStringData,
  validate,
  validateUpdate(o, old) {
    const errors: FieldError[] = [];
    const [secret, prev] = [o as Secret, old as Secret];
    if ((secret.type ?? 'Opaque') !== (prev.type ?? 'Opaque')) errors.push(invalid('type', secret.type ?? '', 'field is immutable'));
    if (prev.immutable === true) {
      if (secret.immutable !== true) errors.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!isDeepStrictEqual(secret.data ?? {}, prev.data ?? {})) errors.push(forbidden('data', 'field is immutable when `immutable` is set'));
    }
    return errors;
  },
};

export const secretColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Type', type: 'string', description: 'The type of the secret.', cell: (o) => (o as Secret).type ?? 'Opaque' },
  { name: 'Data', type: 'integer', description: 'Number of data entries.', cell: (o) => Object.keys((o as Secret).data ?? {}).length },
  AGE_COLUMN,
];
