/** The node's presence in the API: Node object, registration, status reports and the lease heartbeat. */
export { aggregateMessage, computeConditions, conditionsChanged, HEALTHY, type NodeEventReason, type NodeHealth } from './conditions.js';
export { readHostFacts } from './host-facts.js';
export { NODE_LEASE_DURATION_SECONDS, NODE_LEASE_RENEW_INTERVAL_MS, renewedLease } from './lease-object.js';
export { NodeLeaseController, type LeaseControllerOptions } from './lease-controller.js';
export { buildNode, DEFAULT_MAX_PODS, goArch, nodeStatus, ownedLabels, type HostFacts, type NodeConfig } from './node-object.js';
export { NodePresence, type NodePresenceOptions } from './node-presence.js';
export { reconcileExistingNode, registerNode, tryRegisterNode, type RegisterOptions } from './registration.js';
export { NodeStatusUpdater, nodeStatusChanged, NODE_STATUS_REPORT_FREQUENCY_MS, NODE_STATUS_UPDATE_FREQUENCY_MS, type NodeStatusUpdaterOptions } from './status-updater.js';
export { formatTime, LEASES, NODE_LEASE_NAMESPACE, NODES, type Node, type NodeCondition, type NodeLease, type NodeStatus } from './types.js';
