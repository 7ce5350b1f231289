import type { PodSpecLike, PodTemplateSpecLike } from '../validation/pod-spec.js';

/**
 * Upstream's pod spec defaulting (SetDefaults_PodSpec, SetDefaults_Container and friends in
 * k8s.io/kubernetes/pkg/apis/core/v1/defaults.go), in place. Shared by pods and every kind with
 * a pod template, so a Deployment's template reads back as upstream's does.
 */
export function defaultPodSpec(spec: PodSpecLike): void {
  spec['restartPolicy'] ??= 'Always';
  spec['dnsPolicy'] ??= 'ClusterFirst';
  spec['schedulerName'] ??= 'default-scheduler';
  spec['terminationGracePeriodSeconds'] ??= 30;
  spec['securityContext'] ??= {};
}

export function defaultPodTemplateSpec(template: PodTemplateSpecLike | undefined): void {
  if (template?.spec) defaultPodSpec(template.spec);
}
