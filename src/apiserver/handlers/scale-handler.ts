import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotFoundError, StatusError, UnsupportedMediaTypeError } from '../../util/errors.js';
import { decodeBody, mediaTypeOf, readBody } from '../http/body.js';
import { writeJSON } from '../http/status.js';
import { conflict, invalid, OBJECT_MODIFIED } from '../registry/generic/errors.js';
import type { KubeObject } from '../registry/generic/object.js';
import type { ApiResource } from '../registry/resource.js';
import { SCALE_SCHEMA_TYPE, toScale, validateScale, withReplicas, type Scale, type ScaleSpec } from '../registry/scale.js';
import { checkObject, readObject } from './read-object.js';
import type { ServedResource } from './served-resource.js';

/** The Scale kind, for reading and checking bodies. */
const SCALE: ApiResource = {
  definition: { group: 'autoscaling', version: 'v1', resource: 'scale', singularName: '', kind: 'Scale', namespaced: true, verbs: [] },
  schemaType: SCALE_SCHEMA_TYPE,
};

const SCALE_SUBJECT = { group: 'autoscaling', resource: 'scale', kind: 'Scale' };

export type ScalePatcher = (schemaType: string, current: unknown, patch: unknown) => unknown;

/**
 * `GET|PUT|PATCH …/<resource>/<name>/scale` (model: the ScaleREST storages upstream): answers the
 * parent's Scale; writes change the parent's replicas alone, through its store, so the parent's
 * validation, generation and optimistic concurrency apply. A Scale carrying a resourceVersion
 * must name the parent's current one (409 Conflict otherwise).
 */
export async function serveScale(
  req: IncomingMessage,
  res: ServerResponse,
  served: ServedResource,
  spec: ScaleSpec,
  request: { namespace: string; name: string; verb: string; query: URLSearchParams; dryRun: boolean; patchers: Readonly<Record<string, ScalePatcher>> },
): Promise<void> {
  const { namespace, name, verb, query } = request;
  const store = served.store;
  const subject = served.resource.strategy;
  /** The parent with the requested Scale applied, after checks (runs again on a write race). */
  const apply = (current: KubeObject, scale: Scale): KubeObject => {
    const errors = validateScale(scale);
    if (errors.length > 0) throw invalid(SCALE_SUBJECT, name, errors);
    const version = scale.metadata?.resourceVersion;
    if (version && version !== current.metadata.resourceVersion) throw conflict(subject, name, OBJECT_MODIFIED);
    return withReplicas(current, spec, scale.spec?.replicas ?? 0);
  };
  switch (verb) {
    case 'get':
      writeJSON(res, 200, toScale(await store.get(namespace, name), spec));
      return;
    case 'update': {
      const scale = (await readObject(req, res, SCALE, query)) as Scale;
      const updated = await store.update(namespace, name, (current) => apply(current, scale), { dryRun: request.dryRun });
      writeJSON(res, 200, toScale(updated, spec));
      return;
    }
    case 'patch': {
      const mediaType = mediaTypeOf(req.headers['content-type']);
      const patcher = request.patchers[mediaType];
      if (!patcher) throw new UnsupportedMediaTypeError(`the body of the request was in an unknown format - accepted media types include: ${Object.keys(request.patchers).join(', ')}`);
      const patch = decodeBody('application/json', await readBody(req));
      const updated = await store.update(
        namespace,
        name,
        (current) => {
          const patched = patcher(SCALE_SCHEMA_TYPE, toScale(current, spec), patch) as Scale;
          checkObject(res, SCALE, patched, query);
          return apply(current, patched);
        },
        { dryRun: request.dryRun },
      );
      writeJSON(res, 200, toScale(updated, spec));
      return;
    }
    default:
      throw new StatusError('MethodNotAllowed', 405, `${verb} is not supported on ${served.resource.definition.resource}/scale`);
  }
}

/** The scale spec of a served resource, or 404 when it has no scale subresource. */
export function scaleSpecOf(served: ServedResource): ScaleSpec {
  const spec = served.resource.scale;
  if (!spec || !served.resource.definition.subresources?.some((s) => s.name === 'scale')) throw new NotFoundError('the server could not find the requested resource');
  return spec;
}
