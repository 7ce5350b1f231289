/** Kubernetes resource quantities: parsing, canonical strings, exact arithmetic. */
export type { Decimal } from './decimal.js';
export { quantityFromJSON } from './json.js';
export { ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, parseQuantity } from './parse.js';
export { Quantity, quantityFromMilli, quantityFromScaled, quantityFromValue } from './quantity.js';
export type { Format } from './suffix.js';
