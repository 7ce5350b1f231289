/**
 * Node selectors and node affinity (model: component-helpers/scheduling/corev1/nodeaffinity):
 * parsed once, then matched against many nodes.
 *
 * - A NodeSelector matches when any of its terms does; a term matches when all its
 *   matchExpressions (on labels) and matchFields (only `metadata.name`) do; an empty term matches
 *   nothing. A term that fails to parse matches nothing (upstream ignores parse errors at match).
 * - RequiredNodeAffinity is the pod's spec.nodeSelector AND its required node affinity.
 * - PreferredSchedulingTerms sum the weights of the terms a node matches.
 */
import { LabelSelector, newRequirement, type Labels, type Operator, type Requirement } from '../labels/index.js';

export interface NodeSelectorRequirementLike {
  key?: string;
  operator?: string;
  values?: readonly string[];
}

export interface NodeSelectorTermLike {
  matchExpressions?: readonly NodeSelectorRequirementLike[];
  matchFields?: readonly NodeSelectorRequirementLike[];
}

export interface NodeSelectorLike {
  nodeSelectorTerms?: readonly NodeSelectorTermLike[];
}

export interface NodeLike {
  metadata: { name?: string; labels?: Record<string, string> };
}

const OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };

/** One parsed term; undefined members mean "no constraint of that kind". */
interface ParsedTerm {
  labels: LabelSelector | undefined;
  fields: Requirement[] | undefined;
}

function parseRequirements(reqs: readonly NodeSelectorRequirementLike[], forFields: boolean): Requirement[] {
  return reqs.map((r) => {
    const op = OPERATORS[r.operator ?? ''];
    if (op === undefined) throw new Error(`${JSON.stringify(r.operator)} is not a valid node selector operator`);
    if (forFields) {
      if (r.key !== 'metadata.name') throw new Error(`${JSON.stringify(r.key)} is not a valid field selector key`);
      if ((op !== 'in' && op !== 'notin') || r.values?.length !== 1) throw new Error('metadata.name field selector needs In or NotIn with exactly one value');
      return { key: r.key, operator: op, values: [...r.values] };
    }
    if ((op === 'gt' || op === 'lt') && (r.values?.length !== 1 || !/^-?\d+$/.test(r.values[0] ?? ''))) {
      throw new Error(`for 'Gt', 'Lt' operators, the value must be a single integer`);
    }
    return newRequirement(r.key ?? '', op, op === 'exists' || op === '!' ? null : [...(r.values ?? [])]);
  });
}

function parseTerm(term: NodeSelectorTermLike): ParsedTerm | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  try {
    return {
      labels: exprs.length > 0 ? LabelSelector.of(parseRequirements(exprs, false)) : undefined,
      fields: fields.length > 0 ? parseRequirements(fields, true) : undefined,
    };
  } catch {
    return undefined;
  }
}

function termMatches(term: ParsedTerm, node: NodeLike): boolean {
  if (term.labels && !term.labels.matches(node.metadata.labels)) return false;
  if (term.fields) {
    const name = node.metadata.name ?? '';
    for (const f of term.fields) {
      const has = f.values.includes(name);
      if (f.operator === 'in' ? !has : has) return false;
    }
  }
  return true;
}

/** A parsed NodeSelector (upstream nodeaffinity.NodeSelector). */
export class ParsedNodeSelector {
  private readonly terms: ParsedTerm[];

  constructor(selector: NodeSelectorLike) {
    this.terms = (selector.nodeSelectorTerms ?? []).map(parseTerm).filter((t): t is ParsedTerm => t !== undefined);
  }

  match(node: NodeLike): boolean {
    return this.terms.some((t) => termMatches(t, node));
  }
}

/** spec.nodeSelector AND required node affinity (upstream RequiredNodeAffinity). */
export class RequiredNodeAffinity {
  private readonly labelSelector: Record<string, string> | undefined;
  private readonly nodeSelector: ParsedNodeSelector | undefined;

  constructor(nodeSelector: Record<string, string> | undefined, required: NodeSelectorLike | undefined) {
    this.labelSelector = nodeSelector && Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined;
    this.nodeSelector = required ? new ParsedNodeSelector(required) : undefined;
  }

  match(node: NodeLike): boolean {
    if (this.labelSelector) {
      const labels: Labels = node.metadata.labels;
      for (const [key, value] of Object.entries(this.labelSelector)) if (labels?.[key] !== value) return false;
    }
    return this.nodeSelector ? this.nodeSelector.match(node) : true;
  }
}

export interface PreferredSchedulingTermLike {
  weight?: number;
  preference?: NodeSelectorTermLike;
}

/** Weighted preferred terms (upstream PreferredSchedulingTerms); weight-0 and unparseable terms are dropped. */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; term: ParsedTerm }[] = [];

  constructor(terms: readonly PreferredSchedulingTermLike[]) {
    for (const t of terms) {
      if (!t.weight) continue;
      const parsed = parseTerm(t.preference ?? {});
      if (parsed) this.terms.push({ weight: t.weight, term: parsed });
    }
  }

  get size(): number {
    return this.terms.length;
  }

  /** The sum of the weights of the terms `node` matches. */
  score(node: NodeLike): number {
    let total = 0;
    for (const { weight, term } of this.terms) if (termMatches(term, node)) total += weight;
    return total;
  }
}
