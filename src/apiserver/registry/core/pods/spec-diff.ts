import { isDeepStrictEqual } from 'node:util';
import { asJSON } from '../../../../api/json-equal.js';

/**
 * The changed fields, one `- path: old` / `+ path: new` pair each (upstream prints a go-cmp diff
 * of the internal structs here; this keeps its purpose, telling the user what changed).
 */
export function describeDiff(old: unknown, next: unknown): string {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isDeepStrictEqual(a, b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      const keys = Array.isArray(a)
        ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String)
        : [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const key of keys) {
        const sub = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], sub);
      }
      return;
    }
    if (a !== undefined) lines.push(`- ${path}: ${JSON.stringify(a)}`);
    if (b !== undefined) lines.push(`+ ${path}: ${JSON.stringify(b)}`);
  };
  walk(asJSON(old), asJSON(next), 'spec');
  return lines.join('\n');
}
