/** The kts scheduler: what the CLI wires. */
export { Scheduler, startScheduler, type SchedulerDeps } from './scheduler.js';
export { loadSchedulerConfiguration, type SchedulerOverrides } from './config/load.js';
export { ConfigError, configFromObject, parseSchedulerConfiguration } from './config/parse.js';
export { DEFAULT_SCHEDULER_NAME, type SchedulerConfiguration } from './config/types.js';
export { inTreeRegistry } from './plugins/registry.js';
