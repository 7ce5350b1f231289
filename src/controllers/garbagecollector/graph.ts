/**
 * The ownership graph the garbage collector keeps (model: upstream garbagecollector/graph.go):
 * one node per object uid, with the owner references the object carries and the set of nodes
 * that name it as an owner. An owner that was referenced but not (yet) observed is a "virtual"
 * node whose identity comes from the first reference to it.
 *
 * Contracts: only the GraphBuilder changes nodes and the uid index; workers read them. Everything
 * runs on one JS thread, so a change is never seen half-applied.
 */
import type { OwnerReference } from '../shared/owner-refs.js';

/** Who an object is: its coordinates (kind, apiVersion, namespace, name) and uid. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  /** '' for cluster-scoped objects (and for owners assumed cluster-scoped). */
  namespace: string;
  uid: string;
}

export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return a.uid === b.uid && a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

/** As upstream's objectReference.String(): `[v1/ConfigMap, namespace: ns, name: x, uid: …]`. */
export function identityString(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

/** The identity an owner reference names, assuming the owner lives in `namespace`. */
export function ownerIdentity(ref: OwnerReference, namespace: string): ObjectIdentity {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace, uid: ref.uid };
}

/** A key for identities in maps and caches. */
export function identityKey(id: ObjectIdentity): string {
  return `${id.uid}|${id.apiVersion}|${id.kind}|${id.namespace}|${id.name}`;
}

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** The owner references the object had when last observed. */
  owners: OwnerReference[];
  /** Has a deletionTimestamp (a one-way trip to deletion). */
  beingDeleted: boolean;
  /** Has a deletionTimestamp and the foregroundDeletion finalizer: waits for its dependents. */
  deletingDependents: boolean;
  /** Known only from a reference: never observed through an informer (yet). */
  virtual: boolean;

  constructor(
    public identity: ObjectIdentity,
    init: { owners?: OwnerReference[]; beingDeleted?: boolean; deletingDependents?: boolean; virtual?: boolean } = {},
  ) {
    this.owners = init.owners ?? [];
    this.beingDeleted = init.beingDeleted ?? false;
    this.deletingDependents = init.deletingDependents ?? false;
    this.virtual = init.virtual ?? false;
  }

  get observed(): boolean {
    return !this.virtual;
  }

  markDeletingDependents(): void {
    this.beingDeleted = true;
    this.deletingDependents = true;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion: they hold a foreground deletion. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) => dep.owners.some((ref) => ref.uid === this.identity.uid && ref.blockOwnerDeletion === true));
  }
}

/** Splits dependents into those whose reference to the owner matches `owner`'s coordinates and the rest. */
export function partitionDependents(dependents: Iterable<GraphNode>, owner: ObjectIdentity): { matching: GraphNode[]; nonMatching: GraphNode[] } {
  const matching: GraphNode[] = [];
  const nonMatching: GraphNode[] = [];
  const ownerNamespaced = owner.namespace !== '';
  for (const dep of dependents) {
    let matches = false;
    for (const ref of dep.owners) {
      if (ref.uid !== owner.uid) continue;
      // Owner references carry no namespace: a namespaced owner must be in the dependent's namespace.
      const namespaceMatches = !ownerNamespaced || dep.identity.namespace === owner.namespace;
      matches = namespaceMatches && ref.apiVersion === owner.apiVersion && ref.kind === owner.kind && ref.name === owner.name;
      break;
    }
    (matches ? matching : nonMatching).push(dep);
  }
  return { matching, nonMatching };
}

/** The first identity, other than `verified`, by which some dependent refers to its owner `uid`. */
export function alternateOwnerIdentity(dependents: readonly GraphNode[], verified: ObjectIdentity): ObjectIdentity | undefined {
  for (const dep of dependents) {
    for (const ref of dep.owners) {
      if (ref.uid !== verified.uid) continue;
      const candidate = ownerIdentity(ref, dep.identity.namespace);
      if (!sameIdentity(candidate, verified)) return candidate;
    }
  }
  return undefined;
}

/** Owner references added, removed and changed (blockOwnerDeletion or coordinates) between two lists, by uid. */
export function referencesDiffs(
  old: readonly OwnerReference[],
  next: readonly OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: { old: OwnerReference; next: OwnerReference }[] } {
  const oldByUid = new Map(old.map((ref) => [ref.uid, ref]));
  const nextByUid = new Map(next.map((ref) => [ref.uid, ref]));
  const added = next.filter((ref) => !oldByUid.has(ref.uid));
  const removed = old.filter((ref) => !nextByUid.has(ref.uid));
  const changed: { old: OwnerReference; next: OwnerReference }[] = [];
  for (const ref of next) {
    const before = oldByUid.get(ref.uid);
    if (before && !sameReference(before, ref)) changed.push({ old: before, next: ref });
  }
  return { added, removed, changed };
}

function sameReference(a: OwnerReference, b: OwnerReference): boolean {
  return (
    a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && a.uid === b.uid &&
    (a.controller === true) === (b.controller === true) && (a.blockOwnerDeletion === true) === (b.blockOwnerDeletion === true)
  );
}

/** A bounded set of identities known not to exist (upstream's absentOwnerCache, an LRU of 500). */
export class ReferenceCache {
  private readonly entries = new Map<string, true>();

  constructor(private readonly capacity = 500) {}

  add(id: ObjectIdentity): void {
    const key = identityKey(id);
    this.entries.delete(key);
    this.entries.set(key, true);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  has(id: ObjectIdentity): boolean {
    const key = identityKey(id);
    if (!this.entries.has(key)) return false;
    this.entries.delete(key);
    this.entries.set(key, true);
    return true;
  }
}
