/**
 * What a request is about, from its method, path and query (model: k8s.io/apiserver
 * pkg/endpoints/request/request_info.go). Resource paths:
 *
 *   /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}[/{rest…}]]]
 *   /apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}[/{rest…}]]]
 *   /api/v1/namespaces/{name}[/status|/finalize]     (namespaces themselves)
 *   /api/v1/watch/…, /apis/{group}/{version}/watch/… (deprecated watch paths)
 *
 * Anything else (`/version`, `/healthz`, `/api`, `/apis/{group}`, `/openapi/v3`…) is a
 * non-resource request.
 */
export type RequestInfo =
  | { isResourceRequest: false; path: string; verb: string }
  | {
      isResourceRequest: true;
      path: string;
      /** get, list, watch, create, update, patch, delete, deletecollection. */
      verb: string;
      apiPrefix: 'api' | 'apis';
      apiGroup: string;
      apiVersion: string;
      namespace: string;
      resource: string;
      name: string;
      subresource: string;
      /** Path segments after the subresource (e.g. the target path of `…/proxy/…`). */
      parts: string[];
    };

/** Subresources of a namespace itself, which are not resources inside the namespace. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const VERB_BY_METHOD: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const verb = VERB_BY_METHOD[method] ?? method.toLowerCase();
  const prefix = segments[0];
  const versioned = prefix === 'api' ? 2 : prefix === 'apis' ? 3 : 0;
  if (versioned === 0 || segments.length <= versioned) return { isResourceRequest: false, path, verb: method.toLowerCase() };

  const apiGroup = prefix === 'api' ? '' : segments[1]!;
  const apiVersion = segments[versioned - 1]!;
  let rest = segments.slice(versioned);
  let resourceVerb = verb;
  if (rest[0] === 'watch') {
    resourceVerb = 'watch';
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = rest[1]!;
    // /namespaces/{ns} and /namespaces/{ns}/status|finalize address the namespace itself.
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  // As upstream, a namespace's own paths carry its name as the namespace too (RBAC relies on it).
  const [resource = '', name = '', subresource = '', ...parts] = rest;

  if (name === '' && resourceVerb === 'get') resourceVerb = isTrue(query.get('watch')) ? 'watch' : 'list';
  if (name === '' && resourceVerb === 'delete') resourceVerb = 'deletecollection';
  return {
    isResourceRequest: true,
    path,
    verb: resourceVerb,
    apiPrefix: prefix === 'api' ? 'api' : 'apis',
    apiGroup,
    apiVersion,
    namespace,
    resource,
    name,
    subresource,
    parts,
  };
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}
