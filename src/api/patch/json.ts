/** JSON values as strategic merge patch sees them, and their Go spelling for upstream-like errors. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as Go's `%v` prints decoded JSON: `map[k:v]` with sorted keys, `[a b]`, `<nil>`. */
export function goString(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (isObject(value)) return `map[${Object.keys(value).sort().map((k) => `${k}:${goString(value[k])}`).join(' ')}]`;
  return String(value);
}

/** The Go type decoded JSON has (`reflect.TypeOf`), as upstream's argument-type errors name it. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (isObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}
