/**
 * Field paths as structured-merge-diff encodes them in FieldsV1 (sigs.k8s.io/structured-merge-diff
 * v4 fieldpath): a path is a sequence of path elements, each one of
 *
 * - `f:<name>`   a field of a struct or an entry of a map;
 * - `k:<json>`   an item of an associative list, by its key fields (JSON object, keys sorted);
 * - `v:<json>`   an item of a set list, by its value;
 * - `i:<n>`      an item of a list by index (never produced for the types kts serves).
 *
 * A path is kept as one string: its elements joined by NUL (no element contains one: names come
 * from validated object keys, keys and values are JSON-escaped). The root path is ''.
 */
export type PathString = string;

/** The separator of a path's elements. */
export const SEP = '\u0000';

export const ROOT: PathString = '';

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** `k:{…}` for an associative-list item: its key fields, sorted by name, as compact JSON. */
export function keyElement(item: Record<string, unknown>, keys: readonly string[], defaults: Readonly<Record<string, unknown>> = {}): string {
  const fields: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const value = item[key] ?? defaults[key];
    if (value !== undefined && value !== null) fields[key] = value;
  }
  return `k:${JSON.stringify(fields)}`;
}

export function valueElement(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

export function child(path: PathString, element: string): PathString {
  return path === ROOT ? element : `${path}${SEP}${element}`;
}

export function elements(path: PathString): string[] {
  return path === ROOT ? [] : path.split(SEP);
}

export function join(parts: readonly string[]): PathString {
  return parts.join(SEP);
}

/** Whether `path` lies strictly below `ancestor`. */
export function isBelow(path: PathString, ancestor: PathString): boolean {
  return ancestor === ROOT ? path !== ROOT : path.startsWith(ancestor + SEP);
}

/** Whether a FieldsV1 key is a well-formed path element. */
export function isElement(element: string): boolean {
  const kind = element.slice(0, 2);
  const rest = element.slice(2);
  if (kind === 'f:') return true;
  if (kind === 'i:') return /^(0|[1-9][0-9]*)$/.test(rest);
  if (kind !== 'k:' && kind !== 'v:') return false;
  try {
    const parsed = JSON.parse(rest) as unknown;
    return kind === 'v:' || (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
  } catch {
    return false;
  }
}

/**
 * The path as upstream's fieldpath.Path.String() prints it in conflict messages:
 * `.spec.containers[name="nginx"].image`, `.metadata.finalizers[="a"]`.
 */
export function describePath(path: PathString): string {
  return elements(path)
    .map((element) => {
      const rest = element.slice(2);
      switch (element.slice(0, 2)) {
        case 'f:':
          return `.${rest}`;
        case 'k:': {
          const key = JSON.parse(rest) as Record<string, unknown>;
          return `[${Object.entries(key)
            .map(([name, value]) => `${name}=${describeValue(value)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${describeValue(JSON.parse(rest))}]`;
        default:
          return `[${rest}]`;
      }
    })
    .join('');
}

/** structured-merge-diff's value.ToString: strings quoted, numbers and booleans bare. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${describeValue(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
