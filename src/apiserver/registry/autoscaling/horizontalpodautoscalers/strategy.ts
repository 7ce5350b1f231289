import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { DEFAULT_CPU_UTILIZATION } from './conversion.js';
import type { HPAScalingRules, HPAv2 } from './types.js';
import { validateHPA, validateHPAStatus } from './validation.js';

/** Upstream's default scaling rules (pkg/apis/autoscaling/v2/defaults.go). */
const SCALE_UP_DEFAULTS: Required<HPAScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN_DEFAULTS: Required<HPAScalingRules> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function withRuleDefaults(rules: HPAScalingRules | undefined, defaults: Required<HPAScalingRules>): HPAScalingRules {
  if (!rules) return structuredClone(defaults);
  rules.stabilizationWindowSeconds ??= defaults.stabilizationWindowSeconds;
  rules.selectPolicy ??= defaults.selectPolicy;
  rules.policies ??= structuredClone(defaults.policies);
  return rules;
}

/**
 * upstream SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1, a CPU 80%
 * utilization metric when none is given, and the default scaling rules filled into a behavior
 * that is given.
 */
export function defaultHPA(o: KubeObject): void {
  const hpa = o as HPAv2;
  const spec = (hpa.spec ??= {});
  spec.minReplicas ??= 1;
  if ((spec.metrics ?? []).length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = withRuleDefaults(spec.behavior.scaleUp, SCALE_UP_DEFAULTS);
    spec.behavior.scaleDown = withRuleDefaults(spec.behavior.scaleDown, SCALE_DOWN_DEFAULTS);
  }
}

/** HorizontalPodAutoscalers, on the stored autoscaling/v2 form whichever version was used. */
export const hpaStrategy: ResourceStrategy = {
  group: 'autoscaling',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults: defaultHPA,
  prepareForCreate: (o) => void delete (o as HPAv2).status,
  prepareForUpdate: (o, old) => void ((o as HPAv2).status = (old as HPAv2).status),
  validate: (o) => [...validateHPA(o as HPAv2), ...validateHPAStatus(o as HPAv2)],
};
