/** The scheduling framework: the types plugins and the scheduler share. */
export * from './api-types.js';
export * from './cycle-state.js';
export * from './events.js';
export * from './images.js';
export * from './interface.js';
export * from './node-info.js';
export * from './pod-info.js';
export * from './registry.js';
export * from './resource.js';
export * from './snapshot.js';
export * from './status.js';
export * from './types.js';
