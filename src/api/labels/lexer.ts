/**
 * The tokenizer of label selector strings, as upstream's labels.Lexer:
 * - whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored;
 * - `= == != ! ( ) , > <` are symbols, the longest one wins (`!=` not `!`, `==` not `=`);
 * - any other run of characters is an identifier, or the keyword `in` / `notin`;
 * - like upstream, which reads bytes and treats byte 0 as "no more input", a NUL character ends
 *   the input where a token would start, and ends a token it follows (it is then consumed).
 */
import { BugError } from '../../util/errors.js';

export type TokenKind = 'end' | 'identifier' | 'in' | 'notin' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<';

export interface Token {
  readonly kind: TokenKind;
  /** The text scanned ('' at the end). */
  readonly literal: string;
}

const SYMBOLS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['=', '='],
  ['==', '=='],
  ['!=', '!='],
  ['>', '>'],
  ['<', '<'],
]);

const NUL = '\0';

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

const SPECIAL = new Set('=!(),><');

function isSpecialSymbol(ch: string): boolean {
  return SPECIAL.has(ch);
}

/** All tokens of `text`, ending with (and including) the first 'end' token. */
export function tokenize(text: string): Token[] {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

class Lexer {
  private pos = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === NUL) return { kind: 'end', literal: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSymbol() : this.scanIdentifierOrKeyword();
  }

  /** The next character, or NUL past the end (without moving). */
  private read(): string {
    if (this.pos >= this.text.length) return NUL;
    return this.text[this.pos++] ?? NUL;
  }

  private unread(): void {
    this.pos--;
  }

  private scanIdentifierOrKeyword(): Token {
    let literal = '';
    for (;;) {
      const ch = this.read();
      if (ch === NUL) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      literal += ch;
    }
    const kind = literal === 'in' || literal === 'notin' ? literal : 'identifier';
    return { kind, literal };
  }

  /** Extends the symbol while the longer text is still a symbol. */
  private scanSymbol(): Token {
    let buffer = '';
    let last: Token | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === NUL) break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
      const kind = SYMBOLS.get(buffer);
      if (kind !== undefined) {
        last = { kind, literal: buffer };
      } else if (last !== undefined) {
        this.unread();
        break;
      }
    }
    // Every single special character is a symbol, so the first one always produced a token.
    if (last === undefined) throw new BugError(`label selector lexer found no symbol in ${JSON.stringify(buffer)}`);
    return last;
  }
}
