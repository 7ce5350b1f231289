/** Container lifecycle hooks (postStart, preStop). */
export { LifecycleHandlerRunner, type HookFailure, type LifecycleHandlerRunnerOptions } from './handlers.js';
