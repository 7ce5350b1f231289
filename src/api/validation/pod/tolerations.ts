/** Tolerations: upstream ValidateTolerations (v1.32). */
import { childPath, GoSyntax, indexPath, invalid, notSupported, type FieldError } from '../../field-errors.js';
import { validateLabelName } from '../../labels/validation.js';
import { goQuote } from '../go-quote.js';
import { isValidLabelValue } from '../names.js';
import type { TolerationLike } from './shapes.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** How Go's %#v prints a core.Toleration (upstream puts the whole toleration in one message). */
function goToleration(t: TolerationLike): GoSyntax {
  const seconds = t.tolerationSeconds === undefined ? '(*int64)(nil)' : `(*int64)(${t.tolerationSeconds})`;
  return new GoSyntax(
    `core.Toleration{Key:${goQuote(t.key ?? '')}, Operator:${goQuote(t.operator ?? '')}, Value:${goQuote(t.value ?? '')}, Effect:${goQuote(t.effect ?? '')}, TolerationSeconds:${seconds}}`,
  );
}

export function validateTolerations(tolerations: readonly TolerationLike[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (tolerations ?? []).forEach((entry, i) => {
    const t: TolerationLike = entry ?? {};
    const at = indexPath(path, i);
    const key = t.key ?? '';
    const operator = t.operator ?? '';
    const effect = t.effect ?? '';
    if (key !== '') errors.push(...validateLabelName(key, childPath(at, 'key')));
    if (key === '' && operator !== 'Exists') {
      errors.push(invalid(childPath(at, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errors.push(invalid(childPath(at, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '');
        if (msgs.length > 0) errors.push(invalid(childPath(at, 'operator'), t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if ((t.value ?? '') !== '') errors.push(invalid(childPath(at, 'operator'), goToleration(t), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errors.push(notSupported(childPath(at, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) errors.push(notSupported(childPath(at, 'effect'), effect, TAINT_EFFECTS));
  });
  return errors;
}
