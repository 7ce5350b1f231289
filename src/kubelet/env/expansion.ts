/**
 * `$(VAR)` expansion as Kubernetes does it for env values, command, args and subPathExpr (model:
 * third_party/forked/golang/expansion). Rules:
 * - `$(NAME)` is replaced by the mapping's value for NAME;
 * - `$$` is an escaped `$` (so `$$(NAME)` yields the literal `$(NAME)`);
 * - `$` followed by anything else, an unterminated `$(`, or a trailing `$` stay as written.
 * There is no nesting and no recursion: the replacement text is never expanded again.
 */

/** Maps a variable name to its replacement text. */
export type Mapping = (name: string) => string;

/**
 * A mapping that looks NAME up in each context in turn and, when none has it, leaves the
 * reference unexpanded (`$(NAME)`), as upstream MappingFuncFor.
 */
export function mappingFuncFor(...contexts: ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const vars of contexts) {
      const value = vars.get(name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

export function expand(input: string, mapping: Mapping): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { text, isVar, advance } = readVariableName(input.slice(cursor + 1));
    out += isVar ? mapping(text) : text;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** What follows a `$`: a variable name, an escaped `$`, or text to copy unchanged. */
function readVariableName(rest: string): { text: string; isVar: boolean; advance: number } {
  const first = rest[0];
  if (first === '$') return { text: '$', isVar: false, advance: 1 };
  if (first === '(') {
    const close = rest.indexOf(')', 1);
    if (close >= 0) return { text: rest.slice(1, close), isVar: true, advance: close + 1 };
    return { text: '$(', isVar: false, advance: 1 };
  }
  return { text: `$${first ?? ''}`, isVar: false, advance: 1 };
}
