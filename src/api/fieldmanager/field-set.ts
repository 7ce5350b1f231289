import { BadRequestError } from '../../util/errors.js';
import { child, elements, isElement, join, ROOT, type PathString } from './path.js';

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
    return new FieldSet([...this.members, ...other.members]);
  }

  difference(other: FieldSet): FieldSet {
    return new FieldSet([...this.members].filter((p) => !other.has(p)));
  }

  intersection(other: FieldSet): FieldSet {
    return new FieldSet([...this.members].filter((p) => other.has(p)));
  }

  /** The members `keep` accepts. */
  filter(keep: (path: PathString) => boolean): FieldSet {
    return new FieldSet([...this.members].filter(keep));
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
    const root: Tree = new Map();
    const memberNodes = new Set<Tree>();
    for (const member of this.members) {
      let node = root;
      for (const element of elements(member)) {
        let next = node.get(element);
        if (!next) node.set(element, (next = new Map()));
        node = next;
      }
      memberNodes.add(node);
    }
    const render = (node: Tree): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      if (node.size > 0 && memberNodes.has(node)) out['.'] = {};
      for (const key of [...node.keys()].sort(compareElements)) out[key] = render(node.get(key)!);
      return out;
    };
    return render(root);
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

type Tree = Map<string, Tree>;

const KIND_ORDER: Record<string, number> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

function compareElements(a: string, b: string): number {
  const ka = KIND_ORDER[a.slice(0, 2)] ?? 4;
  const kb = KIND_ORDER[b.slice(0, 2)] ?? 4;
  if (ka !== kb) return ka - kb;
  if (ka === 3) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}
