/**
 * The label selector string syntax (`?labelSelector=`, `kubectl -l`), parsed as upstream's
 * labels.Parse:
 *
 *   <selector>    ::= "" | <requirement> | <requirement> "," <selector>
 *   <requirement> ::= ["!"] KEY [ <set-based> | <exact-match> ]
 *   <set-based>   ::= ("in" | "notin") "(" [VALUE] { "," [VALUE] } ")"
 *   <exact-match> ::= ("=" | "==" | "!=" | ">" | "<") [VALUE]
 *
 * A bare KEY means "exists", `!KEY` "does not exist"; values may be empty; `in`/`notin` are
 * operators only after a key (`in in (in)` is valid). Keys and values are validated as label keys
 * and values; `>`/`<` need integers. Errors are BadRequestErrors with upstream's messages.
 */
import { BadRequestError } from '../../util/errors.js';
import { fieldErrorMessage } from '../field-errors.js';
import { tokenize, type Token } from './lexer.js';
import { labelKeyError, newRequirement, type Operator, type Requirement } from './requirement.js';
import { LabelSelector } from './selector.js';

/** Upstream's parser validates keys under a nil field path, which prints as "<nil>". */
const NIL_PATH = '<nil>';

const END: Token = { kind: 'end', literal: '' };

/** Binary operators in upstream's order, for "expected: …" messages. */
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

/** Where a token is read: in values, `in` and `notin` are plain identifiers. */
type Context = 'operator' | 'values';

export function parseSelector(text: string): LabelSelector {
  return LabelSelector.of(new Parser(tokenize(text)).parse());
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const token = this.lookahead('values');
      if (token.kind === 'end') return requirements;
      if (token.kind !== 'identifier' && token.kind !== '!') {
        throw new BadRequestError(`found '${token.literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.parseRequirementOrExplain());
      const next = this.consume('values');
      if (next.kind === 'end') return requirements;
      if (next.kind !== ',') throw new BadRequestError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead('values');
      if (after.kind !== 'identifier' && after.kind !== '!') {
        throw new BadRequestError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private lookahead(context: Context): Token {
    const token = this.tokens[this.position] ?? END;
    return context === 'values' && (token.kind === 'in' || token.kind === 'notin')
      ? { kind: 'identifier', literal: token.literal }
      : token;
  }

  private consume(context: Context): Token {
    const token = this.lookahead(context);
    this.position++;
    return token;
  }

  private parseRequirementOrExplain(): Requirement {
    try {
      return this.parseRequirement();
    } catch (err) {
      if (err instanceof BadRequestError) throw new BadRequestError(`unable to parse requirement: ${err.message}`);
      throw err;
    }
  }

  private parseRequirement(): Requirement {
    const { key, unary } = this.parseKeyAndInferOperator();
    if (unary !== undefined) return newRequirement(key, unary, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, values);
  }

  /** The key, and 'exists' / '!' when the requirement ends after it (or started with '!'). */
  private parseKeyAndInferOperator(): { key: string; unary: 'exists' | '!' | undefined } {
    let unary: 'exists' | '!' | undefined;
    let token = this.consume('values');
    if (token.kind === '!') {
      unary = '!';
      token = this.consume('values');
    }
    if (token.kind !== 'identifier') throw new BadRequestError(`found '${token.literal}', expected: identifier`);
    const keyError = labelKeyError(token.literal, NIL_PATH);
    if (keyError !== undefined) throw new BadRequestError(fieldErrorMessage(keyError));
    const next = this.lookahead('values').kind;
    if ((next === 'end' || next === ',') && unary === undefined) unary = 'exists';
    return { key: token.literal, unary };
  }

  private parseOperator(): Operator {
    const token = this.consume('operator');
    switch (token.kind) {
      case 'in':
      case 'notin':
      case '=':
      case '==':
      case '!=':
        return token.kind;
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new BadRequestError(`found '${token.literal}', expected: ${BINARY_OPERATORS}`);
    }
  }

  /** `( … )` after in/notin: the sorted, unique values; `()` is the empty value. */
  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.kind !== '(') throw new BadRequestError(`found '${open.literal}' expected: '('`);
    const token = this.lookahead('values');
    if (token.kind === ')') {
      this.consume('values');
      return [''];
    }
    if (token.kind !== 'identifier' && token.kind !== ',') {
      throw new BadRequestError(`found '${token.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    this.consume('values'); // the ')' the list stopped at
    return values;
  }

  /** Comma-separated, possibly empty values up to (not including) ')'. */
  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const token = this.consume('values');
      if (token.kind === 'identifier') {
        values.add(token.literal);
        const next = this.lookahead('values');
        if (next.kind === ')') return [...values].sort();
        if (next.kind !== ',') throw new BadRequestError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (token.kind === ',') {
        // An empty value before a comma ("(,a"), between two ("a,,b") or before ')' ("a,)").
        if (values.size === 0) values.add('');
        const next = this.lookahead('values').kind;
        if (next === ')') {
          values.add('');
          return [...values].sort();
        }
        if (next === ',') values.add('');
      } else {
        throw new BadRequestError(`found '${token.literal}', expected: ',', or identifier`);
      }
    }
  }

  /** The one value after `=`, `==`, `!=`, `>` or `<`; empty when the requirement ends there. */
  private parseExactValue(): string[] {
    const next = this.lookahead('values').kind;
    if (next === 'end' || next === ',') return [''];
    const token = this.consume('values');
    if (token.kind !== 'identifier') throw new BadRequestError(`found '${token.literal}', expected: identifier`);
    return [token.literal];
  }
}
