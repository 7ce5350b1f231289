import { configMaps } from './core/configmaps/storage.js';
import { events } from './core/events/storage.js';
import { namespaces } from './core/namespaces/storage.js';
import { secrets } from './core/secrets/storage.js';
import { selfSubjectReviews, tokenReviews } from './authentication/reviews.js';
import { localSubjectAccessReviews, selfSubjectAccessReviews, selfSubjectRulesReviews, subjectAccessReviews } from './authorization/access-reviews.js';
import type { Resource, ReviewResource } from './resource.js';

/** Every stored resource, in discovery order (the preferred version of a group first). */
export const RESOURCES: readonly Resource[] = [namespaces, configMaps, secrets, events];

/** Create-only resources answered without storage. */
export const REVIEW_RESOURCES: readonly ReviewResource[] = [
  selfSubjectAccessReviews,
  subjectAccessReviews,
  localSubjectAccessReviews,
  selfSubjectRulesReviews,
  tokenReviews,
  selfSubjectReviews,
];
