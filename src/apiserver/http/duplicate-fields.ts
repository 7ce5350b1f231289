/**
 * Duplicate object keys in request bodies, which `JSON.parse` and the YAML parser silently resolve
 * (the last value wins, as in Go). Upstream's strict decoding reports them under
 * `?fieldValidation=Strict|Warn` (model: sigs.k8s.io/json's strict errors for JSON, by field path,
 * and sigs.k8s.io/yaml's YAMLToJSONStrict for YAML, by line):
 *
 *   JSON  duplicate field "spec.replicas"
 *   YAML  line 12: key "replicas" already set in map
 */
export interface DuplicateField {
  /** The field's path in the object (JSON bodies), as unknown fields are reported. */
  readonly path?: string;
  readonly message: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

/**
 * How many object keys a decoded value holds in all, how deeply its objects and arrays nest, and
 * whether it holds a number JSON cannot carry (`1e400` parses to Infinity; YAML has `.inf`, `.nan`).
 */
export interface ValueShape {
  readonly keys: number;
  readonly depth: number;
  readonly nonFinite: boolean;
}

/** The shape of a decoded value, walked without recursion (so any depth is measured safely). */
export function valueShape(value: unknown): ValueShape {
  let keys = 0;
  let depth = 0;
  let nonFinite = typeof value === 'number' && !Number.isFinite(value);
  const stack: [unknown, number][] = [[value, 1]];
  const visit = (item: unknown, level: number): void => {
    if (typeof item === 'object' && item !== null) stack.push([item, level]);
    else if (typeof item === 'number' && !Number.isFinite(item)) nonFinite = true;
  };
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (level > depth) depth = level;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, level + 1);
      continue;
    }
    for (const key in node) {
      keys++;
      visit((node as Record<string, unknown>)[key], level + 1);
    }
  }
  return { keys, depth, nonFinite };
}

/**
 * The duplicate keys of `text`, a JSON document that `JSON.parse` turned into a value with
 * `parsedKeys` keys (see `valueShape`). The common case (no duplicates) costs one pass of
 * `indexOf` over the string literals: the number of keys in the text is compared with the number
 * in the parsed value, which only differ when a key repeats. Only then is the text walked again
 * to find the paths.
 */
export function jsonDuplicateFields(text: string, parsedKeys: number): DuplicateField[] {
  if (countTextKeys(text) === parsedKeys) return [];
  const found: DuplicateField[] = [];
  new PathScanner(text, (path) => found.push({ path, message: `duplicate field ${JSON.stringify(path)}` })).scan();
  return found;
}

/** How many object keys (string literals followed by `:`) a valid JSON text holds. */
function countTextKeys(text: string): number {
  let keys = 0;
  let start = text.indexOf('"');
  while (start !== -1) {
    let end = start + 1;
    for (;;) {
      end = text.indexOf('"', end);
      if (end === -1) return keys; // not valid JSON; the caller parsed it, so unreachable
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
      end++;
    }
    let next = end + 1;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c === COLON) keys++;
    start = text.indexOf('"', next);
  }
  return keys;
}

/** Walks a valid JSON text, reporting each repeated key with its path (`a.b[0].c`). */
class PathScanner {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly report: (path: string) => void,
  ) {}

  scan(): void {
    this.value('');
  }

  private skipSpace(): void {
    let c = this.text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = this.text.charCodeAt(++this.pos);
  }

  private value(path: string): void {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else {
      // number, true, false, null: up to the next delimiter
      while (this.pos < this.text.length && !',]} \n\r\t'.includes(this.text[this.pos]!)) this.pos++;
    }
  }

  /** Skips a string literal; returns its raw text (quotes included). */
  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === BACKSLASH) this.pos += 2;
      else if (c === QUOTE) break;
      else this.pos++;
    }
    this.pos++;
    return this.text.slice(start, this.pos);
  }

  private object(path: string): void {
    this.pos++; // {
    const seen = new Set<string>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}' || this.pos >= this.text.length) break;
      const key = JSON.parse(this.string()) as string;
      const child = path === '' ? key : `${path}.${key}`;
      if (seen.has(key)) this.report(child);
      seen.add(key);
      this.skipSpace();
      this.pos++; // :
      this.value(child);
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
    }
    this.pos++; // }
  }

  private array(path: string): void {
    this.pos++; // [
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text[this.pos] === ']' || this.pos >= this.text.length) break;
      this.value(`${path}[${index}]`);
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
    }
    this.pos++; // ]
  }
}

/** go-yaml's message for a repeated mapping key (`%#v` of the key: strings quoted, numbers bare). */
export function yamlDuplicateMessage(line: number, key: unknown): string {
  return `line ${line}: key ${typeof key === 'string' ? JSON.stringify(key) : String(key)} already set in map`;
}
