import { parseFieldSelector, type FieldSelector } from '../../api/fields/index.js';
import { parseSelector } from '../../api/labels/index.js';
import { BadRequestError } from '../../util/errors.js';
import type { KubeObject } from '../registry/generic/object.js';
import type { ReadRevision } from '../watchcache/watch-cache.js';
import type { CachedObject, ObjectFilter } from '../watchcache/types.js';

/** metav1.ListOptions as the handler uses them. */
export interface ListOptions {
  filter: ObjectFilter<KubeObject>;
  /** The parsed field selector (the filter applies it; watches also use it to pick a trigger). */
  fields: FieldSelector;
  /** The value a `metadata.name=` or similar exact field requirement pins, for the watch index. */
  read: ReadRevision;
  /** Set for resourceVersionMatch=Exact: the list must be at exactly this revision. */
  exactRevision?: number;
  /** Set for watches: resume after this revision (resourceVersion=N, N > 0). */
  sinceRevision?: number;
  limit: number;
  continueToken?: string;
  watch: boolean;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
}

/**
 * The field selector labels a resource supports, and how upstream words a label it does not:
 * kinds with their own selectable fields convert labels and say "field label not supported";
 * the others use apimachinery's default conversion, which names the two metadata fields.
 */
export interface FieldLabels {
  known: ReadonlySet<string>;
  ownConversion: boolean;
}

export function parseListOptions(query: URLSearchParams, fieldLabels?: FieldLabels): ListOptions {
  const labels = parseSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  if (fieldLabels) {
    for (const { field } of fields.requirements()) {
      if (fieldLabels.known.has(field)) continue;
      throw new BadRequestError(
        fieldLabels.ownConversion ? `field label not supported: ${field}` : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
  }
  const filter = (o: CachedObject<KubeObject>): boolean => labels.matches(o.labels) && fields.matches(o.fields);
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  const watch = isTrue(query.get('watch'));
  const revision = rv === '' ? undefined : Number(rv);
  if (revision !== undefined && (!Number.isSafeInteger(revision) || revision < 0)) {
    throw new BadRequestError(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  }
  if (match !== '' && match !== 'Exact' && match !== 'NotOlderThan') {
    throw new BadRequestError(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  }
  if (match !== '' && revision === undefined) throw new BadRequestError('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (match === 'Exact' && revision === 0) throw new BadRequestError('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
  const read: ReadRevision = revision === undefined ? { kind: 'latest' } : revision === 0 ? { kind: 'any' } : { kind: 'notOlderThan', revision };
  const limit = Number(query.get('limit') ?? '0');
  if (!Number.isSafeInteger(limit) || limit < 0) throw new BadRequestError(`limit: Invalid value: ${query.get('limit')}: must be a non-negative integer`);
  const timeout = query.get('timeoutSeconds');
  return {
    filter,
    fields,
    read,
    ...(match === 'Exact' && revision ? { exactRevision: revision } : {}),
    ...(watch && revision ? { sinceRevision: revision } : {}),
    limit,
    ...(query.get('continue') ? { continueToken: query.get('continue')! } : {}),
    watch,
    allowBookmarks: isTrue(query.get('allowWatchBookmarks')),
    sendInitialEvents: isTrue(query.get('sendInitialEvents')),
    ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
  };
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}
