/** Upstream plugins/helper DefaultNormalizeScore: scales scores to [0, maxPriority], optionally reversed. */
import type { NodeScore } from '../../framework/types.js';

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): null {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return null;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
  return null;
}
