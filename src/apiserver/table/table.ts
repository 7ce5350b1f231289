import type { KubeObject } from '../registry/generic/object.js';
import { humanDuration } from './human-duration.js';

/**
 * Server-side printing (meta.k8s.io/v1 Table), which `kubectl get` asks for. Each resource lists
 * its columns like upstream's printers (pkg/printers/internalversion/printers.go); priority-1
 * columns show only with `-o wide`.
 */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  priority?: 0 | 1;
  cell(object: KubeObject, now: number): unknown;
}

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => o.metadata.name ?? '',
};

export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  type: 'string',
  description: 'Time since the object was created.',
  cell: (o, now) => age(o, now),
};

/** The CREATED AT column of kinds upstream prints without an age (roles, limit ranges). */
export const CREATED_AT_COLUMN: TableColumn = {
  name: 'Created At',
  type: 'date',
  description: 'When the object was created.',
  cell: (o) => o.metadata.creationTimestamp ?? '',
};

export function age(object: KubeObject, now: number): string {
  const created = object.metadata.creationTimestamp;
  return created ? humanDuration(now - Date.parse(created)) : '<unknown>';
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function toTable(
  columns: readonly TableColumn[],
  objects: readonly KubeObject[],
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  include: IncludeObject,
  now = Date.now(),
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority ?? 0 })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      ...(include === 'None'
        ? {}
        : { object: include === 'Object' ? o : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } }),
    })),
  };
}
