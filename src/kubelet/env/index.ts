/** A container's environment and `$(VAR)` expansion (see environment.ts for the rules). */
export { expandContainerCommandAndArgs, expandSubPathExpr } from './command.js';
export { makeEnvironmentVariables, REASON_INVALID_ENV_NAMES } from './environment.js';
export { expand, mappingFuncFor, type Mapping } from './expansion.js';
export type { ConfigMapLike, EnvSources, MaybePromise, ObjectGetters, PodLike, SecretLike, ServiceLike, ServicePortLike } from './sources.js';
