/** Label selectors and label validation, as k8s.io/apimachinery's labels and metav1 packages. */
export { parseSelector } from './parser.js';
export { LabelSelector, selectorFromSet } from './selector.js';
export { newRequirement, type Labels, type Operator, type Requirement } from './requirement.js';
export {
  selectorFromLabelSelector,
  type LabelSelectorOperator,
  type LabelSelectorRequirementSpec,
  type LabelSelectorSpec,
} from './label-selector.js';
export {
  labelSelectorHasInvalidLabelValue,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  validateLabelSelectorRequirement,
  type LabelSelectorValidationOptions,
} from './validation.js';
