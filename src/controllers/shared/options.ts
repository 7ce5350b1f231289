/**
 * Tunables of individual controllers, as kube-controller-manager takes them from flags. Every
 * field is optional; a controller falls back to upstream's v1.32 default for what is missing.
 */
export interface ControllerOptions {
  /** --node-monitor-grace-period: a node whose Lease and status stop for this long turns Unknown (40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** --node-monitor-period: how often node health is checked (5 s). */
  nodeMonitorPeriodMs?: number;
  /** --node-startup-grace-period: the grace period of a node that never posted a Ready condition (60 s). */
  nodeStartupGracePeriodMs?: number;
  /** --node-eviction-rate: nodes tainted NoExecute per second per healthy zone (0.1). */
  nodeEvictionRate?: number;
  /** --terminated-pod-gc-threshold: terminated pods kept before pod GC deletes the oldest (12500; <= 0 disables). */
  terminatedPodGCThreshold?: number;
  /** Pod GC period (20 s) and how long a missing node is quarantined before its pods go (40 s); upstream sets these only in tests. */
  podGCPeriodMs?: number;
  podGCQuarantineMs?: number;
}
