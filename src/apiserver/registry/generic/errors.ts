import { aggregateMessage, fieldErrorBody, type FieldError } from '../../../api/field-errors.js';
import { StatusError } from '../../../util/errors.js';

/** Who an error is about: upstream's qualified resource (`pods`, `deployments.apps`) and kind. */
export interface Subject {
  group: string;
  resource: string;
  kind: string;
}

const qualified = (s: Subject): string => (s.group === '' ? s.resource : `${s.resource}.${s.group}`);
const details = (s: Subject, name: string): { name: string; group?: string; kind: string } =>
  s.group === '' ? { name, kind: s.resource } : { name, group: s.group, kind: s.resource };

// Messages as k8s.io/apimachinery/pkg/api/errors words them; kubectl prints them verbatim.

export function notFound(s: Subject, name: string): StatusError {
  return new StatusError('NotFound', 404, `${qualified(s)} "${name}" not found`, { details: details(s, name) });
}

export function alreadyExists(s: Subject, name: string): StatusError {
  return new StatusError('AlreadyExists', 409, `${qualified(s)} "${name}" already exists`, { details: details(s, name) });
}

export function conflict(s: Subject, name: string, why: string): StatusError {
  return new StatusError('Conflict', 409, `Operation cannot be fulfilled on ${qualified(s)} "${name}": ${why}`, { details: details(s, name) });
}

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export function invalid(s: Subject, name: string, errors: readonly FieldError[]): StatusError {
  const kind = s.kind;
  // The message names the qualified kind (`Deployment.apps`), the details the kind alone.
  const qualifiedKind = s.group === '' ? kind : `${kind}.${s.group}`;
  return new StatusError('Invalid', 422, `${qualifiedKind} "${name}" is invalid: ${aggregateMessage(errors)}`, {
    details: {
      name,
      ...(s.group === '' ? {} : { group: s.group }),
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
    },
  });
}
