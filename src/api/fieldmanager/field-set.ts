import { BadRequestError } from '../../util/errors.js';
import { child, elements, isElement, join, ROOT, SEP, type PathString } from './path.js';

/**
 * A set of field paths (structured-merge-diff's fieldpath.Set): the fields one manager owns, or
 * the fields of an object. Members are paths; a path may be a member and also have members below
 * it (a map the manager created and some of its entries). Immutable: operations return new sets.
 */
export class FieldSet {
  private readonly members: ReadonlySet<PathString>;
  private ancestors: Set<PathString> | undefined;

  constructor(paths: Iterable<PathString> = []) {
    this.members = new Set(paths);
  }

  /** A set over `members`, which the caller hands over (and never mutates again): no copy. */
  static adopt(members: Set<PathString>): FieldSet {
    const set = new FieldSet();
    (set as unknown as { members: ReadonlySet<PathString> }).members = members;
    return set;
  }

  get size(): number {
    return this.members.size;
  }

  get empty(): boolean {
    return this.members.size === 0;
  }

  has(path: PathString): boolean {
    return this.members.has(path);
  }

  /** Whether some member lies strictly below `path`. */
  hasBelow(path: PathString): boolean {
    if (!this.ancestors) {
      this.ancestors = new Set();
      for (const member of this.members) {
        const parts = elements(member);
        for (let i = 0; i < parts.length; i++) this.ancestors.add(join(parts.slice(0, i)));
      }
    }
    return this.ancestors.has(path);
  }

  paths(): PathString[] {
    return [...this.members];
  }

  union(other: FieldSet): FieldSet {
    if (other.members.size === 0) return this;
    if (this.members.size === 0) return other;
    const out = new Set(this.members);
    for (const p of other.members) out.add(p);
    return FieldSet.adopt(out);
  }

  difference(other: FieldSet): FieldSet {
    if (other.members.size === 0 || this.members.size === 0) return this;
    return this.filter((p) => !other.members.has(p));
  }

  intersection(other: FieldSet): FieldSet {
    return this.filter((p) => other.members.has(p));
  }

  /** The members `keep` accepts. */
  filter(keep: (path: PathString) => boolean): FieldSet {
    const out = new Set<PathString>();
    for (const p of this.members) if (keep(p)) out.add(p);
    return FieldSet.adopt(out);
  }

  equals(other: FieldSet): boolean {
    return this.size === other.size && [...this.members].every((p) => other.has(p));
  }

  /**
   * The FieldsV1 JSON form: one object per node, keyed by path element, `{}` for leaves and `"."`
   * marking a node that is itself a member; keys in structured-merge-diff's order (fields, then
   * keys, then values, then indexes, each sorted).
   */
  toFieldsV1(): Record<string, unknown> {
    const root = new TreeNode();
    for (const member of this.members) {
      let node = root;
      if (member === ROOT) {
        root.member = true;
        continue;
      }
      // Walks the path's elements without splitting it into an array (this runs on every write).
      let start = 0;
      for (;;) {
        const end = member.indexOf(SEP, start);
        const element = end < 0 ? member.slice(start) : member.slice(start, end);
        node = node.child(element);
        if (end < 0) break;
        start = end + 1;
      }
      node.member = true;
    }
    return root.render();
  }

  /** Parses FieldsV1; malformed input is a 400 (upstream fails to decode the entry). */
  static fromFieldsV1(fields: unknown): FieldSet {
    const paths: PathString[] = [];
    const walk = (node: unknown, path: PathString): void => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new BadRequestError('FieldsV1 must be a JSON object of path elements');
      const entries = Object.entries(node as Record<string, unknown>);
      for (const [key, value] of entries) {
        if (key === '.') {
          if (path !== ROOT) paths.push(path);
          continue;
        }
        if (!isElement(key)) throw new BadRequestError(`FieldsV1 contains an invalid path element: ${JSON.stringify(key)}`);
        const next = child(path, key);
        if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) paths.push(next);
        else walk(value, next);
      }
    };
    walk(fields, ROOT);
    return new FieldSet(paths);
  }
}

/** A node of the FieldsV1 tree being rendered. */
class TreeNode {
  member = false;
  private children: Map<string, TreeNode> | undefined;

  child(element: string): TreeNode {
    this.children ??= new Map();
    let next = this.children.get(element);
    if (!next) this.children.set(element, (next = new TreeNode()));
    return next;
  }

  render(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const children = this.children;
    if (!children) return out;
    if (this.member) out['.'] = {};
    const keys = [...children.keys()];
    if (keys.length > 1) keys.sort(compareElements);
    for (const key of keys) out[key] = children.get(key)!.render();
    return out;
  }
}

/** Rank of a path element's kind by its first character: `f:`, `k:`, `v:`, `i:`, anything else. */
function kindRank(element: string): number {
  if (element.charCodeAt(1) !== 58 /* ':' */) return 4;
  switch (element.charCodeAt(0)) {
    case 102 /* f */:
      return 0;
    case 107 /* k */:
      return 1;
    case 118 /* v */:
      return 2;
    case 105 /* i */:
      return 3;
    default:
      return 4;
  }
}

function compareElements(a: string, b: string): number {
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka !== kb) return ka - kb;
  if (ka === 3) return Number(a.slice(2)) - Number(b.slice(2));
  // Same two-character prefix: comparing whole elements orders them by what follows it.
  return a < b ? -1 : a > b ? 1 : 0;
}
