/** Field selectors, as k8s.io/apimachinery/pkg/fields. */
export { parseFieldSelector } from './parser.js';
export { FieldSelector, type FieldOperator, type FieldRequirement, type Fields } from './selector.js';
export { escapeValue, unescapeValue } from './escape.js';
