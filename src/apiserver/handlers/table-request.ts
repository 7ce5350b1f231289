import type { IncomingMessage } from 'node:http';
import { negotiate } from '../http/negotiate.js';
import type { IncludeObject } from '../table/table.js';

/** Whether the client asked for a meta.k8s.io Table (`Accept: …;as=Table;g=meta.k8s.io;v=v1`), as kubectl get does. */
export function wantsTable(req: IncomingMessage): boolean {
  const range = negotiate(req.headers.accept, (r) => r.params['as'] === undefined || (r.params['as'] === 'Table' && r.params['g'] === 'meta.k8s.io' && ['v1', 'v1beta1'].includes(r.params['v'] ?? '')));
  return range?.params['as'] === 'Table';
}

/** How much of each object a Table row carries (`?includeObject=`; Metadata by default). */
export function includeObject(req: IncomingMessage): IncludeObject {
  const value = new URL(req.url ?? '/', 'http://x').searchParams.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
