import { StatusError } from '../../util/errors.js';
import type { FieldSet } from './field-set.js';
import type { ManagerFields } from './managed-fields.js';
import { describePath } from './path.js';

/** Fields of other managers an apply would change: by manager identifier. */
export type Conflicts = Map<string, { manager: ManagerFields; fields: FieldSet }>;

/**
 * The 409 an apply with conflicts answers (upstream internal.NewConflictError): one
 * FieldManagerConflict cause per field, and the message kubectl prints, e.g.
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.key`.
 */
export function conflictError(conflicts: Conflicts): StatusError {
  const list: { who: string; path: string }[] = [];
  // Managers by identifier, paths in field-set order (fields, then keys, then values), as upstream.
  for (const [, { manager, fields }] of [...conflicts].sort(([a], [b]) => cmp(a, b))) {
    for (const path of fields.paths().sort(cmp).map(describePath)) list.push({ who: describeManager(manager), path });
  }
  const causes = list.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.who}`, field: c.path }));
  let message: string;
  if (list.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${list[0]!.who}: ${list[0]!.path}`;
  } else {
    const lines: string[] = [];
    let current = '';
    for (const c of list) {
      if (c.who !== current) lines.push(`conflicts with ${(current = c.who)}:`);
      lines.push(`- ${c.path}`);
    }
    message = `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError('Conflict', 409, message, { details: { causes } });
}

/** Upstream printManager: `"name"`, `with subresource "status"`, `using v1` for updaters. */
export function describeManager(m: Pick<ManagerFields, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let text = JSON.stringify(m.manager);
  if (m.subresource) text += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') text += ` using ${m.apiVersion}`;
  return text;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
