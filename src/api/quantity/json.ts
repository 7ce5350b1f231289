/**
 * Quantities from decoded JSON, as upstream's Quantity.UnmarshalJSON: a string (surrounding
 * whitespace ignored), a number, or null (zero). Anything else is a format error.
 *
 * A number is read from JavaScript's shortest decimal text for it, since JSON.parse has already
 * dropped the client's text: 0.5 and 100 read as upstream reads them, but integers beyond 2^53 have
 * lost precision and small exponent forms lose their format (upstream keeps 1e3 as "1e3"; we get "1k").
 */
import { BadRequestError } from '../../util/errors.js';
import { ERR_FORMAT_WRONG, parseQuantity } from './parse.js';
import { Quantity } from './quantity.js';

/** The characters Go's unicode.IsSpace accepts, which strings.TrimSpace removes. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function quantityFromJSON(value: unknown): Quantity {
  if (value === null) return new Quantity({ unscaled: 0n, exponent: 0 }, 'DecimalSI');
  if (typeof value === 'number') return parseQuantity(String(value));
  if (typeof value === 'string') return parseQuantity(trimGoSpace(value));
  throw new BadRequestError(ERR_FORMAT_WRONG);
}

function trimGoSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && GO_SPACE.test(text.charAt(start))) start++;
  while (end > start && GO_SPACE.test(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}
