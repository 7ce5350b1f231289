/** Taints and tolerations: types, well-known keys, matching and set helpers. */
export * from './types.js';
export { findMatchingUntoleratedTaint, FOREVER, matchingTolerations, minTolerationTimeMs, toleratesTaint, tolerationsTolerateTaint } from './tolerations.js';
export { applyTaintChanges, matchTaint, taintExists, taintKeyExists, taintSetDiff } from './taints.js';
