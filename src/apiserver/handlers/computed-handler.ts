import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Backend } from '../../storage/backend.js';
import { NotFoundError, StatusError } from '../../util/errors.js';
import type { RequestInfo } from '../http/request-info.js';
import { writeJSON } from '../http/status.js';
import { notFound } from '../registry/generic/errors.js';
import { groupVersion } from '../registry/resource-definition.js';
import { metadataFields, type ComputedResource } from '../registry/resource.js';
import { toTable } from '../table/table.js';
import { parseListOptions } from './list-options.js';
import { addWarning } from './read-object.js';
import { includeObject, wantsTable } from './table-request.js';

type ResourceRequest = Extract<RequestInfo, { isResourceRequest: true }>;

/**
 * Serves computed read-only resources: get and list (label and field selectors apply; there is
 * no resourceVersion, paging or watch), as objects or tables.
 */
export class ComputedHandler {
  private readonly byPath = new Map<string, ComputedResource>();

  constructor(
    resources: readonly ComputedResource[],
    private readonly backend: Backend,
  ) {
    for (const resource of resources) {
      const def = resource.definition;
      this.byPath.set(`${def.group}/${def.version}/${def.resource}`, resource);
    }
  }

  handles(info: ResourceRequest): boolean {
    return this.byPath.has(`${info.apiGroup}/${info.apiVersion}/${info.resource}`);
  }

  async handle(req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams): Promise<void> {
    const resource = this.byPath.get(`${info.apiGroup}/${info.apiVersion}/${info.resource}`);
    if (!resource || info.subresource !== '' || (resource.definition.namespaced ? info.namespace === '' : info.namespace !== '')) {
      throw new NotFoundError('the server could not find the requested resource');
    }
    const def = resource.definition;
    if (!def.verbs.includes(info.verb)) throw new StatusError('MethodNotAllowed', 405, `${info.verb} is not supported on ${def.resource}`);
    if (resource.warning) addWarning(res, resource.warning);
    const objects = await resource.list({ backend: this.backend });
    const table = wantsTable(req);
    const include = includeObject(req);
    if (info.verb === 'get') {
      const object = objects.find((o) => o.metadata.name === info.name);
      if (!object) throw notFound({ group: def.group, resource: def.resource, kind: def.kind }, info.name);
      writeJSON(res, 200, table ? toTable(resource.columns, [object], {}, include) : object);
      return;
    }
    const { filter } = parseListOptions(query);
    const items = objects.filter((object) =>
      filter({ key: object.metadata.name ?? '', revision: 0, object, labels: object.metadata.labels ?? {}, fields: metadataFields(object, def.namespaced) }),
    );
    writeJSON(res, 200, table ? toTable(resource.columns, items, {}, include) : { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: {}, items });
  }
}
