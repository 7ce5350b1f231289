/**
 * A Job's podFailurePolicy and successPolicy, validated as upstream's batch validation
 * (validatePodFailurePolicy, validateSuccessPolicy, validateIndexesFormat), with its messages.
 */
import { childPath, duplicate, GoSyntax, indexPath, invalid, notSupported, OMIT_VALUE, required, tooLong, tooMany, type FieldError } from '../../../api/field-errors.js';
import { isQualifiedName } from '../../../api/validation/names.js';
import { nonNegative } from '../../../api/validation/numbers.js';

export interface PodFailurePolicyRule {
  action?: string;
  onExitCodes?: { containerName?: string | null; operator?: string; values?: number[] } | null;
  onPodConditions?: { type?: string; status?: string }[];
}

export interface SuccessPolicyRule {
  succeededIndexes?: string | null;
  succeededCount?: number | null;
}

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const MAX_SUCCESS_RULES = 20;

/** Go's `%q` of a []string: `["a" "b"]`. */
const quotedList = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;

export function validatePodFailurePolicy(
  rules: readonly PodFailurePolicyRule[],
  containerNames: ReadonlySet<string>,
  backoffLimitPerIndexSet: boolean,
  path: string,
): FieldError[] {
  const rulesPath = childPath(path, 'rules');
  const errors: FieldError[] = rules.length > MAX_RULES ? [tooMany(rulesPath, rules.length, MAX_RULES)] : [];
  rules.forEach((rule, i) => {
    const rulePath = indexPath(rulesPath, i);
    const actionPath = childPath(rulePath, 'action');
    const action = rule.action ?? '';
    if (action === '') errors.push(required(actionPath, `valid values: ${quotedList(ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (!backoffLimitPerIndexSet) errors.push(invalid(actionPath, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!ACTIONS.includes(action)) errors.push(notSupported(actionPath, action, ACTIONS));
    const onExitCodes = rule.onExitCodes;
    const patterns = rule.onPodConditions ?? [];
    if (onExitCodes) errors.push(...validateOnExitCodes(onExitCodes, childPath(rulePath, 'onExitCodes'), containerNames));
    if (patterns.length > 0) errors.push(...validateOnPodConditions(patterns, childPath(rulePath, 'onPodConditions')));
    if (onExitCodes && patterns.length > 0) errors.push(invalid(rulePath, OMIT_VALUE, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!onExitCodes && patterns.length === 0) errors.push(invalid(rulePath, OMIT_VALUE, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errors;
}

function validateOnPodConditions(patterns: NonNullable<PodFailurePolicyRule['onPodConditions']>, path: string): FieldError[] {
  const errors: FieldError[] = patterns.length > MAX_CONDITION_PATTERNS ? [tooMany(path, patterns.length, MAX_CONDITION_PATTERNS)] : [];
  patterns.forEach((pattern, j) => {
    const patternPath = indexPath(path, j);
    const type = pattern.type ?? '';
    errors.push(...isQualifiedName(type).map((msg) => invalid(childPath(patternPath, 'type'), type, msg)));
    const status = pattern.status ?? '';
    const statusPath = childPath(patternPath, 'status');
    if (status === '') errors.push(required(statusPath, `valid values: ${quotedList(CONDITION_STATUSES)}`));
    else if (!CONDITION_STATUSES.includes(status)) errors.push(notSupported(statusPath, status, CONDITION_STATUSES));
  });
  return errors;
}

function validateOnExitCodes(requirement: NonNullable<PodFailurePolicyRule['onExitCodes']>, path: string, containerNames: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const operatorPath = childPath(path, 'operator');
  const operator = requirement.operator ?? '';
  if (operator === '') errors.push(required(operatorPath, `valid values: ${quotedList(OPERATORS)}`));
  else if (!OPERATORS.includes(operator)) errors.push(notSupported(operatorPath, operator, OPERATORS));
  const container = requirement.containerName;
  if (container !== undefined && container !== null && !containerNames.has(container)) {
    errors.push(invalid(childPath(path, 'containerName'), container, 'must be one of the container or initContainer names in the pod template'));
  }
  const valuesPath = childPath(path, 'values');
  const values = requirement.values ?? [];
  // `%#v` of the []int32, as upstream prints it.
  const shown = new GoSyntax(requirement.values ? `[]int32{${values.join(', ')}}` : '[]int32(nil)');
  if (values.length === 0) errors.push(invalid(valuesPath, shown, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODES) errors.push(tooMany(valuesPath, values.length, MAX_EXIT_CODES));
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((value, j) => {
    const valuePath = indexPath(valuesPath, j);
    if (operator === 'In' && value === 0) errors.push(invalid(valuePath, value, 'must not be 0 for the In operator'));
    if (seen.has(value)) errors.push(duplicate(valuePath, value));
    else seen.add(value);
    if (j > 0 && values[j - 1]! > value) ordered = false;
  });
  if (!ordered) errors.push(invalid(valuesPath, shown, 'must be ordered'));
  return errors;
}

/** validateSuccessPolicy (the job is Indexed, so `completions` is set). */
export function validateSuccessPolicy(rules: readonly SuccessPolicyRule[], completions: number, path: string): FieldError[] {
  const rulesPath = childPath(path, 'rules');
  const errors: FieldError[] = [];
  if (rules.length === 0) errors.push(required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_RULES) errors.push(tooMany(rulesPath, rules.length, MAX_SUCCESS_RULES));
  rules.forEach((rule, i) => {
    const rulePath = indexPath(rulesPath, i);
    const indexes = rule.succeededIndexes;
    const count = rule.succeededCount;
    if ((indexes === undefined || indexes === null) && (count === undefined || count === null)) {
      errors.push(required(rulePath, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let total = 0;
    if (typeof indexes === 'string') {
      const indexesPath = childPath(rulePath, 'succeededIndexes');
      if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) errors.push(tooLong(indexesPath, indexes, MAX_SUCCEEDED_INDEXES_LENGTH));
      try {
        total = countIndexes(indexes, completions);
      } catch (err) {
        errors.push(invalid(indexesPath, indexes, `error parsing succeededIndexes: ${(err as Error).message}`));
      }
    }
    if (typeof count === 'number') {
      const countPath = childPath(rulePath, 'succeededCount');
      errors.push(...nonNegative(count, countPath));
      if (count > completions) errors.push(invalid(countPath, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (typeof indexes === 'string' && count > total) {
        errors.push(invalid(countPath, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errors;
}

/** upstream validateIndexesFormat: `1,3-5,7` below `completions`, increasing; throws with its message. */
export function countIndexes(text: string, completions: number): number {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) throw new Error(`the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`);
    const [x, y] = parts.map((p) => parseIndex(p, completions)) as [number, number | undefined];
    if (y !== undefined && x >= y) throw new Error(`non-increasing order, previous: ${x}, current: ${y}`);
    const end = y ?? x;
    if (last !== undefined && last >= x) throw new Error(`non-increasing order, previous: ${last}, current: ${x}`);
    total += end - x + 1;
    last = end;
  }
  return total;
}

function parseIndex(text: string, completions: number): number {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new Error(`cannot convert string to integer for index: ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value >= completions) throw new Error(`too large index: ${JSON.stringify(text)}`);
  return value;
}
