import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import type { KubeObject } from '../../generic/object.js';

/** autoscaling/v2 HorizontalPodAutoscaler, the stored form (JSON; quantities are strings). */
export interface CrossVersionObjectReference {
  kind?: string;
  name?: string;
  apiVersion?: string;
}
export interface MetricIdentifier {
  name?: string;
  selector?: LabelSelectorSpec;
}
export interface MetricTarget {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}
export interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}
export interface MetricSpec {
  type?: string;
  object?: { describedObject?: CrossVersionObjectReference; target?: MetricTarget; metric?: MetricIdentifier };
  pods?: { metric?: MetricIdentifier; target?: MetricTarget };
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; target?: MetricTarget; container?: string };
  external?: { metric?: MetricIdentifier; target?: MetricTarget };
}
export interface MetricStatus {
  type?: string;
  object?: { metric?: MetricIdentifier; current?: MetricValueStatus; describedObject?: CrossVersionObjectReference };
  pods?: { metric?: MetricIdentifier; current?: MetricValueStatus };
  resource?: { name?: string; current?: MetricValueStatus };
  containerResource?: { name?: string; current?: MetricValueStatus; container?: string };
  external?: { metric?: MetricIdentifier; current?: MetricValueStatus };
}
export interface HPAScalingPolicy {
  type?: string;
  value?: number;
  periodSeconds?: number;
}
export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: HPAScalingPolicy[];
}
export interface HorizontalPodAutoscalerBehavior {
  scaleUp?: HPAScalingRules;
  scaleDown?: HPAScalingRules;
}
export interface HorizontalPodAutoscalerCondition {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}
export type HPAv2 = KubeObject & {
  spec?: {
    scaleTargetRef?: CrossVersionObjectReference;
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    behavior?: HorizontalPodAutoscalerBehavior;
  };
  status?: {
    observedGeneration?: number;
    lastScaleTime?: string;
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricStatus[];
    conditions?: HorizontalPodAutoscalerCondition[];
  };
};

/** autoscaling/v1 HorizontalPodAutoscaler. */
export type HPAv1 = KubeObject & {
  spec?: { scaleTargetRef?: CrossVersionObjectReference; minReplicas?: number; maxReplicas?: number; targetCPUUtilizationPercentage?: number };
  status?: { observedGeneration?: number; lastScaleTime?: string; currentReplicas?: number; desiredReplicas?: number; currentCPUUtilizationPercentage?: number };
};
