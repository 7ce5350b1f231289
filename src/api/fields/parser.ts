/**
 * The field selector string syntax (`?fieldSelector=`, `kubectl --field-selector`), parsed as
 * upstream's fields.ParseSelector:
 * - terms are separated by commas not escaped with `\`, sorted (bytewise), empty ones skipped;
 * - a term splits at its first `!=`, `==` or `=`; `==` means `=`; the field is taken verbatim
 *   (no trimming, no escapes); the value is unescaped (see escape.ts);
 * - a term with neither field nor value (`=`) selects everything, as upstream's parse drops it;
 * - anything else throws BadRequestError with upstream's message.
 */
import { BadRequestError } from '../../util/errors.js';
import { unescapeValue } from './escape.js';
import { FieldSelector, type FieldRequirement } from './selector.js';

/** Checked in this order at each position, so `==` is not read as `=` followed by `=value`. */
const OPERATORS = ['!=', '==', '='] as const;

export function parseFieldSelector(text: string): FieldSelector {
  const terms: FieldRequirement[] = [];
  for (const part of splitTerms(text).sort(compareUtf8)) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (term === undefined) throw new BadRequestError(`invalid selector: '${text}'; can't understand '${part}'`);
    const value = unescapeValue(term.rhs);
    if (term.lhs === '' && value === '') continue;
    terms.push({ field: term.lhs, operator: term.op === '!=' ? '!=' : '=', value });
  }
  return FieldSelector.of(terms);
}

/** The comma-separated terms, escaped commas (and their backslashes) kept inside terms. */
export function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inSlash) {
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** A term split at its first operator, the right-hand side still escaped; undefined if none. */
export function splitTerm(term: string): { lhs: string; op: (typeof OPERATORS)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Go's string order (bytes of UTF-8), which differs from JS's for some non-BMP characters. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
