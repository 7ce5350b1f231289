/**
 * `$(VAR)` expansion of a probe's exec command with the container's static env values (model:
 * kubecontainer.ExpandContainerCommandOnlyStatic and third_party/forked/golang/expansion).
 * Only `env[].value` counts: a variable set through `valueFrom` expands to the empty string, an
 * unknown one stays as written, and `$$` is an escaped `$`.
 */
import type { EnvVarLike } from '../../api/validation/pod/shapes.js';

export function expandCommandOnlyStatic(command: readonly string[], env: readonly EnvVarLike[] | undefined): string[] {
  const vars = new Map<string, string>();
  for (const e of env ?? []) if (e.name !== undefined) vars.set(e.name, e.value ?? '');
  return command.map((arg) => expand(arg, (name) => vars.get(name) ?? `$(${name})`));
}

/** Expands `$(NAME)` references in `input` through `mapping`; `$$` yields `$`. */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') {
      out += '$';
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close >= 0) {
        out += mapping(input.slice(cursor + 2, close));
        advance = close - cursor;
      } else {
        out += '$(';
      }
    } else {
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
