/**
 * Go's `strconv.Quote` (what `%q` prints), so validation messages quote bad values exactly as the
 * Kubernetes API server does: `Invalid value: "a b"`, `Invalid value: "tab\there"`.
 *
 * Contract: printable characters (Go's `unicode.IsPrint`: letters, marks, numbers, punctuation,
 * symbols and the ASCII space) are kept; `"` and `\` are backslash-escaped; everything else is
 * escaped as `\a \b \f \n \r \t \v`, `\xNN` (other ASCII controls), `\uNNNN` or `\UNNNNNNNN`.
 */

const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    out += quoteChar(ch);
  }
  return `${out}"`;
}

function quoteChar(ch: string): string {
  if (ch === '"' || ch === '\\') return `\\${ch}`;
  if (ch === ' ' || GRAPHIC.test(ch)) return ch;
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
