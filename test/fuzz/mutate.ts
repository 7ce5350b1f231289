/**
 * Deterministic input generation for the decoder fuzz tests: a seeded PRNG (mulberry32), random
 * JSON-ish values (hostile keys, extreme numbers, deep nesting, odd strings), structural mutations
 * of a parsed value, and byte-level mutations of any body. The same seed always yields the same
 * cases, so a failure names its seed and case number and can be replayed.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const KEYS = [
  'metadata', 'name', 'namespace', 'labels', 'annotations', 'data', 'binaryData', 'spec', 'status', 'items', 'apiVersion', 'kind',
  'finalizers', 'rules', 'verbs', 'resources', 'apiGroups', 'subjects', 'roleRef', 'holderIdentity', 'leaseDurationSeconds',
  'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'deletionTimestamp', 'ownerReferences', 'managedFields', 'immutable',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$patch', '$retainKeys', '$setElementOrder/finalizers',
  '$deleteFromPrimitiveList/finalizers', 'op', 'path', 'value', 'from', '', ' ', 'ü', '\u0000', 'a.b', 'x/y', '[0]',
];

const STRINGS = [
  '', 'a', 'default', 'kube-system', 'Invalid Name!', '-', '.', '..', 'x'.repeat(300), '\u0000', '\ud800', '😀', 'null', 'true', '1',
  '1Gi', '-1', '2024-01-01T00:00:00Z', 'not-a-time', 'v1', 'apps/v1', 'ConfigMap', 'Namespace', 'Role', 'Lease', 'replace', 'delete', 'merge',
  'add', 'remove', '/metadata/labels', '/metadata/name', '/data/-', '~1', '/a~2', 'aGVsbG8=', '!!binary', '{', '"', '\\',
];

const NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e-320, 123456789012];

/** A random JSON value of bounded size. */
export function randomValue(random: Random, depth = 0): unknown {
  const roll = random.int(depth > 4 ? 6 : 9);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(NUMBERS);
    case 3:
    case 4:
    case 5:
      return random.pick(STRINGS);
    case 6:
      return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      const count = random.int(5);
      for (let i = 0; i < count; i++) Object.defineProperty(object, random.pick(KEYS), { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
      return object;
    }
  }
}

/** `value` with one random node replaced, removed or given a random sibling (a deep copy). */
export function mutateValue(random: Random, value: unknown): unknown {
  const copy = structuredClone(value);
  const containers: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        containers.push({ parent: node, key: index });
        walk(item);
      });
    } else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        containers.push({ parent: node as Record<string, unknown>, key });
        walk(item);
      }
    }
  };
  walk(copy);
  if (containers.length === 0) return randomValue(random);
  const { parent, key } = random.pick(containers);
  const action = random.int(4);
  if (action === 0 && !Array.isArray(parent)) delete parent[key as string];
  else if (action === 1 && !Array.isArray(parent)) Object.defineProperty(parent, random.pick(KEYS), { value: randomValue(random, 2), enumerable: true, writable: true, configurable: true });
  else (parent as Record<string, unknown>)[key as string] = randomValue(random, 2);
  return copy;
}

/** JSON text with hostile shapes that JSON.stringify never makes: duplicate keys, deep nesting, big numbers. */
export function hostileJSON(random: Random, base: string): string {
  switch (random.int(5)) {
    case 0:
      return base.replace(/\{"/, `{"metadata":{"name":"a","name":"b"},"`);
    case 1: {
      const depth = random.pick([100, 1000, 20_000]);
      return `{"metadata":{"name":"deep"},"data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    }
    case 2:
      return `{"metadata":{"name":"n","labels":{"a":${random.pick(['1e400', '-0', '123456789012345678901234567890', '1.5e-400'])}}}}`;
    case 3:
      return `{"metadata":{"name":"deep"},"spec":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    default:
      return `${base}${random.pick([' ', '\n', 'x', '{}', ',', ']'])}`;
  }
}

/** `bytes` with a few random byte flips, insertions, deletions, truncations or duplications. */
export function mutateBytes(random: Random, bytes: Uint8Array): Buffer {
  let out = Buffer.from(bytes);
  const edits = 1 + random.int(4);
  for (let i = 0; i < edits; i++) {
    const at = random.int(out.length + 1);
    switch (random.int(5)) {
      case 0:
        if (out.length > 0) out[Math.min(at, out.length - 1)] = random.int(256);
        break;
      case 1:
        out = Buffer.concat([out.subarray(0, at), Buffer.from([random.int(256)]), out.subarray(at)]);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + random.int(8)))]);
        break;
      case 3:
        out = out.subarray(0, at);
        break;
      default: {
        const length = random.int(16);
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + length), out.subarray(at)]);
      }
    }
  }
  return out;
}
