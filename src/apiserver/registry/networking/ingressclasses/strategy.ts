import { invalid, notSupported, required, tooLong, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type IngressClass = KubeObject & {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string; scope?: string; namespace?: string } };
};

/** Upstream's maxLenIngressClassController. */
const MAX_CONTROLLER_LENGTH = 250;
const SCOPES = ['Cluster', 'Namespace'];

/** Upstream ValidateIngressClass (networking validation). */
function validate(o: KubeObject): FieldError[] {
  const spec = (o as IngressClass).spec ?? {};
  const errors: FieldError[] = [];
  const controller = spec.controller ?? '';
  if (controller === '') errors.push(required('spec.controller', ''));
  else {
    if (controller.length > MAX_CONTROLLER_LENGTH) errors.push(tooLong('spec.controller', '', MAX_CONTROLLER_LENGTH));
    const [domain = '', ...path] = controller.split('/');
    if (path.length === 0 || path.join('/') === '') errors.push(invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else for (const msg of isDNS1123Subdomain(domain)) errors.push(invalid('spec.controller', controller, msg));
  }
  const params = spec.parameters;
  if (params) {
    if (!params.kind) errors.push(required('spec.parameters.kind', ''));
    if (!params.name) errors.push(required('spec.parameters.name', ''));
    const scope = params.scope ?? 'Cluster';
    if (!SCOPES.includes(scope)) errors.push(notSupported('spec.parameters.scope', scope, SCOPES));
    if (scope === 'Namespace' && !params.namespace) errors.push(required('spec.parameters.namespace', '`parameters.scope` is set to "Namespace"'));
    if (scope === 'Cluster' && params.namespace) errors.push(invalid('spec.parameters.namespace', params.namespace, '`parameters.scope` is set to "Cluster"'));
  }
  return errors;
}

export const ingressClassStrategy: ResourceStrategy = {
  group: 'networking.k8s.io',
  resource: 'ingressclasses',
  kind: 'IngressClass',
  namespaced: false,
  nameRule: isDNS1123Subdomain,
  validate,
  validateUpdate(o, old) {
    const [controller, previous] = [(o as IngressClass).spec?.controller, (old as IngressClass).spec?.controller];
    return controller === previous ? [] : [invalid('spec.controller', controller ?? '', 'field is immutable')];
  },
};

export const ingressClassColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Controller', type: 'string', description: 'The controller that implements this class.', cell: (o) => (o as IngressClass).spec?.controller ?? '' },
  {
    name: 'Parameters',
    type: 'string',
    description: 'A link to a resource that holds the controller\'s configuration.',
    cell: (o) => {
      const p = (o as IngressClass).spec?.parameters;
      return p ? `${p.kind ?? ''}.${p.apiGroup ?? ''}/${p.name ?? ''}` : '<none>';
    },
  },
  AGE_COLUMN,
];
