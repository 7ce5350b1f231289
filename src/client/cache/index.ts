/** Client-side caches (model: client-go's tools/cache): indexer, reflector, informer, lister. */
export { DeletedFinalStateUnknown, type Delta } from './delta.js';
export type { EventHandler } from './handler-listener.js';
export { Indexer, NAMESPACE_INDEX, namespaceIndexFunc, type IndexFunc, type Indexers } from './indexer.js';
export { SharedInformerFactory, type ResourceKey, type SharedInformerFactoryOptions } from './informer-factory.js';
export { keyFor, objectKey, splitKey } from './keys.js';
export { Lister, type SelectorLike } from './lister.js';
export { Reflector, isExpired, type ReflectorOptions } from './reflector.js';
export { SharedInformer, type HandlerRegistration, type SharedInformerOptions } from './shared-informer.js';
