import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotFoundError } from '../util/errors.js';
import {
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  groupResources,
  type ServedGroup,
} from './discovery/discovery.js';
import { negotiate } from './http/negotiate.js';
import { writeJSON } from './http/status.js';
import { documentPath, openAPIDocument, openAPIIndex } from './openapi/openapi-v3.js';
import { openAPIV2Document } from './openapi/openapi-v2.js';
import { OpenAPIV2Handler } from './openapi/v2-handler.js';
import type { ApiResource } from './registry/resource.js';

/**
 * Discovery and OpenAPI: the documents clients read to learn what the server serves, computed
 * once from the resource list (they only change when the resource list does).
 */
export class NonResourceDocuments {
  private readonly groups: ServedGroup[];
  private readonly openapi = new Map<string, unknown>();
  private readonly openapiV2: OpenAPIV2Handler;

  constructor(private readonly resources: readonly ApiResource[]) {
    this.groups = groupResources(resources.map((r) => r.definition));
    this.openapiV2 = new OpenAPIV2Handler(() => openAPIV2Document(resources));
  }

  /** Answers `path` if it is a discovery or OpenAPI document; returns false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path === '/api' || path === '/apis') {
      const core = path === '/api';
      const groups = this.groups.filter((g) => (g.name === '') === core);
      if (wantsAggregated(req)) {
        const body = JSON.stringify(aggregatedDiscovery(groups));
        res.writeHead(200, { 'Content-Type': AGGREGATED_DISCOVERY_TYPE, 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      } else {
        writeJSON(res, 200, core ? apiVersions(this.groups) : apiGroupList(this.groups));
      }
      return true;
    }
    const versioned = /^\/(?:api\/(v[^/]+)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(path);
    if (versioned) {
      const [, coreVersion, groupName, groupVersion] = versioned;
      const group = this.groups.find((g) => g.name === (coreVersion ? '' : groupName));
      if (!group) throw new NotFoundError('the server could not find the requested resource');
      const version = coreVersion ?? groupVersion;
      if (version === undefined) {
        writeJSON(res, 200, apiGroup(group));
        return true;
      }
      const served = group.versions.find((v) => v.version === version);
      if (!served) throw new NotFoundError('the server could not find the requested resource');
      writeJSON(res, 200, apiResourceList(group.name, version, served.resources));
      return true;
    }
    if (path === '/openapi/v2') {
      this.openapiV2.serve(req, res);
      return true;
    }
    if (path === '/openapi/v3') {
      writeJSON(res, 200, openAPIIndex(this.resources));
      return true;
    }
    if (path.startsWith('/openapi/v3/')) {
      writeJSON(res, 200, this.openAPIFor(path.slice('/openapi/v3/'.length)));
      return true;
    }
    return false;
  }

  private openAPIFor(docPath: string): unknown {
    let doc = this.openapi.get(docPath);
    if (!doc) {
      const resources = this.resources.filter((r) => documentPath(r.definition) === docPath);
      if (resources.length === 0) throw new NotFoundError('the server could not find the requested resource');
      doc = openAPIDocument(resources);
      this.openapi.set(docPath, doc);
    }
    return doc;
  }
}

function wantsAggregated(req: IncomingMessage): boolean {
  const range = negotiate(req.headers.accept, (r) => r.params['as'] === undefined || (r.params['g'] === 'apidiscovery.k8s.io' && r.params['v'] === 'v2' && r.params['as'] === 'APIGroupDiscoveryList'));
  return range?.params['as'] === 'APIGroupDiscoveryList';
}
