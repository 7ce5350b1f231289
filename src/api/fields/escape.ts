/**
 * Escaping of field selector values, as upstream's fields.EscapeValue / UnescapeValue: `\`, `,`
 * and `=` in a value are written `\\`, `\,` and `\=`; no other escape exists.
 */
import { BadRequestError } from '../../util/errors.js';

/** Escapes an arbitrary value for use after `field=` in a field selector. */
export function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, '\\$&');
}

/**
 * The literal value of an escaped one. Throws BadRequestError with upstream's message for an
 * unknown escape (`\a`), a trailing `\`, or an unescaped `,` or `=` (upstream prints the character
 * as its code point number: "unescaped character in value: 61").
 */
export function unescapeValue(escaped: string): string {
  if (!/[\\,=]/.test(escaped)) return escaped;
  let out = '';
  let inSlash = false;
  for (const ch of escaped) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        throw new BadRequestError(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      out += ch;
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',' || ch === '=') {
      throw new BadRequestError(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  if (inSlash) throw new BadRequestError('invalid field selector: invalid escape sequence: \\');
  return out;
}
