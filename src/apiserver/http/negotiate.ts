/**
 * Accept header negotiation (model: k8s.io/apimachinery/pkg/runtime/serializer and
 * apiserver/pkg/endpoints/handlers/negotiation). Kubernetes clients ask for variants through media
 * type parameters, in preference order, e.g. kubectl get:
 *
 *   application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
 *
 * and aggregated discovery: `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…`.
 */
export interface MediaRange {
  /** e.g. `application/json`, `application/vnd.kubernetes.protobuf`, `*\/*`. */
  mediaType: string;
  /** Parameters other than q, names lower-cased (`as`, `v`, `g`, `stream`…). */
  params: Record<string, string>;
  q: number;
}

/** The ranges of an Accept header, most preferred first (by q, then by order); none means any. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [{ mediaType: '*/*', params: {}, q: 1 }];
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [type = '', ...rawParams] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      let q = 1;
      for (const raw of rawParams) {
        const eq = raw.indexOf('=');
        if (eq <= 0) continue;
        const name = raw.slice(0, eq).trim().toLowerCase();
        const value = raw.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
        if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
        else params[name] = value;
      }
      return { mediaType: type.toLowerCase(), params, q, index };
    })
    .filter((r) => r.mediaType !== '' && r.q > 0);
  ranges.sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map(({ index: _index, ...range }) => range);
}

/** Whether `range` accepts `mediaType` (wildcards included). */
export function acceptsType(range: MediaRange, mediaType: string): boolean {
  if (range.mediaType === '*/*') return true;
  if (range.mediaType.endsWith('/*')) return mediaType.startsWith(range.mediaType.slice(0, -1));
  return range.mediaType === mediaType;
}

/**
 * The first range (in preference order) that `canServe` accepts, or undefined when the server
 * can serve none of them (the caller answers 406 NotAcceptable).
 */
export function negotiate(header: string | undefined, canServe: (range: MediaRange) => boolean): MediaRange | undefined {
  return parseAccept(header).find(canServe);
}
