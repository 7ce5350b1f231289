import { forbidden, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import type { Quantity } from '../../../../api/quantity/index.js';
import { quantityField } from '../../../../api/validation/quantity-field.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { CREATED_AT_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type Quantities = Record<string, unknown>;
interface LimitItem {
  type?: string;
  max?: Quantities;
  min?: Quantities;
  default?: Quantities;
  defaultRequest?: Quantities;
  maxLimitRequestRatio?: Quantities;
}
type LimitRange = KubeObject & { spec?: { limits?: LimitItem[] } };

const TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

/**
 * Upstream ValidateLimitRange: a supported type per item; quantities that parse; Pod items with no
 * defaults; per resource min <= defaultRequest <= default <= max, and a ratio of at least 1.
 */
function validate(o: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  ((o as LimitRange).spec?.limits ?? []).forEach((item, i) => {
    const path = `spec.limits[${i}]`;
    if (!item.type) errors.push(required(`${path}.type`, ''));
    else if (!TYPES.includes(item.type)) errors.push(notSupported(`${path}.type`, item.type, TYPES));
    if (item.type === 'Pod') {
      if (item.default && Object.keys(item.default).length > 0) errors.push(forbidden(`${path}.default`, 'may not be specified when `type` is \'Pod\''));
      if (item.defaultRequest && Object.keys(item.defaultRequest).length > 0) errors.push(forbidden(`${path}.defaultRequest`, 'may not be specified when `type` is \'Pod\''));
    }
    const q = (field: keyof LimitItem, resource: string): Quantity | undefined => {
      const set = item[field] as Quantities | undefined;
      return set && resource in set ? quantityField(`${path}.${field}[${resource}]`, set[resource], errors) : undefined;
    };
    const resources = new Set<string>();
    for (const field of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const) for (const r of Object.keys((item[field] as Quantities | undefined) ?? {})) resources.add(r);
    for (const resource of resources) {
      const [max, min, def, defReq, ratio] = [q('max', resource), q('min', resource), q('default', resource), q('defaultRequest', resource), q('maxLimitRequestRatio', resource)];
      const show = (x: Quantity): string => x.toString();
      if (min && max && min.compare(max) > 0) errors.push(invalid(`${path}.min[${resource}]`, show(min), `min value ${show(min)} is greater than max value ${show(max)}`));
      if (defReq && min && min.compare(defReq) > 0) errors.push(invalid(`${path}.defaultRequest[${resource}]`, show(defReq), `min value ${show(min)} is greater than default request value ${show(defReq)}`));
      if (defReq && max && defReq.compare(max) > 0) errors.push(invalid(`${path}.defaultRequest[${resource}]`, show(defReq), `default request value ${show(defReq)} is greater than max value ${show(max)}`));
      if (defReq && def && defReq.compare(def) > 0) errors.push(invalid(`${path}.defaultRequest[${resource}]`, show(defReq), `default request value ${show(defReq)} is greater than default limit value ${show(def)}`));
      if (def && min && min.compare(def) > 0) errors.push(invalid(`${path}.default[${resource}]`, show(min), `min value ${show(min)} is greater than default value ${show(def)}`));
      if (def && max && def.compare(max) > 0) errors.push(invalid(`${path}.default[${resource}]`, show(max), `default value ${show(def)} is greater than max value ${show(max)}`));
      if (ratio && ratio.milliValue() < 1000n) errors.push(invalid(`${path}.maxLimitRequestRatio[${resource}]`, show(ratio), `ratio ${show(ratio)} is less than 1`));
    }
  });
  return errors;
}

export const limitRangeStrategy: ResourceStrategy = {
  group: '',
  resource: 'limitranges',
  kind: 'LimitRange',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  validate,
};

export const limitRangeColumns: TableColumn[] = [
  NAME_COLUMN,
  CREATED_AT_COLUMN,
];
