import { configMaps } from './core/configmaps/storage.js';
import { events } from './core/events/storage.js';
import { namespaces } from './core/namespaces/storage.js';
import { secrets } from './core/secrets/storage.js';
import type { Resource } from './resource.js';

/** Every served resource, in discovery order (the preferred version of a group first). */
export const RESOURCES: readonly Resource[] = [namespaces, configMaps, secrets, events];
