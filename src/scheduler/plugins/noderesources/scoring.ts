/**
 * Resource scoring strategies (model: plugins/noderesources least_allocated.go,
 * most_allocated.go, requested_to_capacity_ratio.go, balanced_allocation.go). Each scorer takes
 * per-resource `requested` (node's + pod's) and `allocatable` amounts in the same order as the
 * configured resources and returns a score in [0, MAX_NODE_SCORE]. Integer arithmetic as upstream.
 */
import { MAX_NODE_SCORE } from '../../framework/types.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export type Scorer = (requested: readonly number[], allocatable: readonly number[]) => number;

const idiv = (a: number, b: number): number => Math.trunc(a / b);

export function leastAllocatedScorer(resources: readonly ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      const capacity = allocatable[i]!;
      if (capacity === 0) continue;
      const req = requested[i]!;
      const weight = resources[i]!.weight;
      nodeScore += (req > capacity ? 0 : idiv((capacity - req) * MAX_NODE_SCORE, capacity)) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}

export function mostAllocatedScorer(resources: readonly ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      const capacity = allocatable[i]!;
      if (capacity === 0) continue;
      const req = Math.min(requested[i]!, capacity);
      const weight = resources[i]!.weight;
      nodeScore += idiv(req * MAX_NODE_SCORE, capacity) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}

/** Upstream MaxCustomPriorityScore: shape scores are 0..10, scaled to 0..MAX_NODE_SCORE. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
export const MAX_UTILIZATION = 100;

/** Upstream BuildBrokenLinearFunction over shape points sorted by utilization. */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const point = shape[i]!;
      if (p <= point.utilization) {
        if (i === 0) return shape[0]!.score;
        const prev = shape[i - 1]!;
        return prev.score + idiv((point.score - prev.score) * (p - prev.utilization), point.utilization - prev.utilization);
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): Scorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * idiv(MAX_NODE_SCORE, MAX_CUSTOM_PRIORITY_SCORE) }));
  const raw = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(MAX_UTILIZATION);
    return raw(idiv(requested * MAX_UTILIZATION, capacity));
  };
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += resourceScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/** BalancedAllocation: 1 minus the standard deviation of the resources' requested fractions. */
export const balancedResourceScorer: Scorer = (requested, allocatable) => {
  // Two passes over the fractions instead of collecting them: this runs once per scored node.
  let count = 0;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i]! / allocatable[i]!, 1);
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    total += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(requested[i]! / allocatable[i]!, 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
};
