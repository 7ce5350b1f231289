export * as fit from './fit.js';
export * as balancedAllocation from './balanced-allocation.js';
