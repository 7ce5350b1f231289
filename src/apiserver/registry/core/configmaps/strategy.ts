import { forbidden, invalid, tooLong, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';

/** Upstream's MaxSecretSize, which ConfigMaps share. */
export const MAX_DATA_BYTES = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Upstream IsConfigMapKey messages. */
export function configKeyErrors(key: string): string[] {
  const errors: string[] = [];
  if (key.length > 253) errors.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) {
    errors.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  }
  if (key === '.') errors.push("must not be '.'");
  else if (key === '..') errors.push("must not be '..'");
  else if (key.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

type ConfigMap = KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string>; immutable?: boolean };

function validate(o: KubeObject): FieldError[] {
  const cm = o as ConfigMap;
  const errors: FieldError[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    for (const msg of configKeyErrors(key)) errors.push(invalid(`data[${key}]`, key, msg));
    total += value.length;
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    for (const msg of configKeyErrors(key)) errors.push(invalid(`binaryData[${key}]`, key, msg));
    if (cm.data && key in cm.data) errors.push(invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
    total += Buffer.from(value, 'base64').length;
  }
  if (total > MAX_DATA_BYTES) errors.push(tooLong('', '', MAX_DATA_BYTES));
  return errors;
}

export const configMapStrategy: ResourceStrategy = {
  group: '',
  resource: 'configmaps',
  kind: 'ConfigMap',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  validate,
  validateUpdate(o, old) {
    const errors: FieldError[] = [];
    const [cm, prev] = [o as ConfigMap, old as ConfigMap];
    if (prev.immutable === true) {
      if (cm.immutable !== true) errors.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!isDeepStrictEqual(cm.data ?? {}, prev.data ?? {})) errors.push(forbidden('data', 'field is immutable when `immutable` is set'));
      if (!isDeepStrictEqual(cm.binaryData ?? {}, prev.binaryData ?? {})) errors.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
    }
    return errors;
  },
};

export const configMapColumns: TableColumn[] = [
  NAME_COLUMN,
  {
    name: 'Data',
    type: 'integer',
    description: 'Number of data entries.',
    cell: (o) => Object.keys((o as ConfigMap).data ?? {}).length + Object.keys((o as ConfigMap).binaryData ?? {}).length,
  },
  AGE_COLUMN,
];
