/**
 * Registers a Node with the API server (model: kubelet_node_status.go registerWithAPIServer and
 * tryRegisterWithAPIServer).
 *
 * 1. create the Node; done if that works;
 * 2. on AlreadyExists, get the existing Node and reconcile what the kubelet owns on it (its
 *    default labels and the attach-detach annotation), keeping everything else (user labels,
 *    taints, spec) as it is; patch only when something differs;
 * 3. any other failure (API unreachable, server errors) is retried with backoff 100 ms doubling
 *    to 7 s, forever, until `signal` aborts.
 */
import type { ResourceClient } from '../../client/rest/index.js';
import { Backoff } from '../../util/backoff.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import { clockSleep } from '../../client/flowcontrol/clock.js';
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import { hasReason, type Node } from './types.js';

const ATTACH_DETACH_ANNOTATION = 'volumes.kubernetes.io/controller-managed-attach-detach';

/**
 * The merge patch that brings an existing Node in line with what the kubelet owns (upstream
 * reconcileCMADAnnotationWithExistingNode + updateDefaultLabels), or undefined when it already
 * is. `ownedLabels` are the labels the kubelet sets (a label the kubelet owns but the desired
 * node lacks is left alone, as upstream does).
 */
export function reconcileExistingNode(existing: Node, desired: Node, ownedLabels: Record<string, string>): Record<string, unknown> | undefined {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(ownedLabels)) {
    if (existing.metadata.labels?.[key] !== value) labels[key] = value;
  }
  const annotations: Record<string, string | null> = {};
  const want = desired.metadata.annotations?.[ATTACH_DETACH_ANNOTATION];
  const have = existing.metadata.annotations?.[ATTACH_DETACH_ANNOTATION];
  if (want !== have) annotations[ATTACH_DETACH_ANNOTATION] = want ?? null;
  const metadata: Record<string, unknown> = {};
  if (Object.keys(labels).length > 0) metadata['labels'] = labels;
  if (Object.keys(annotations).length > 0) metadata['annotations'] = annotations;
  return Object.keys(metadata).length > 0 ? { metadata } : undefined;
}

export interface RegisterOptions {
  nodes: ResourceClient<Node>;
  /** The Node to create (see buildNode). */
  node: Node;
  /** Labels the kubelet owns on an existing Node (see ownedLabels). */
  ownedLabels: Record<string, string>;
  logger: Logger;
  signal: AbortSignal;
  clock?: Clock;
}

/** One registration attempt: the registered Node, or throws (AlreadyExists is handled). */
export async function tryRegisterNode(options: RegisterOptions): Promise<Node> {
  const { nodes, node, signal } = options;
  try {
    return await nodes.create(node, { signal });
  } catch (err) {
    if (!hasReason(err, 'AlreadyExists')) throw err;
  }
  const existing = await nodes.get(node.metadata.name!, { signal });
  options.logger.info({ node: node.metadata.name }, 'Node was previously registered');
  const patch = reconcileExistingNode(existing, node, options.ownedLabels);
  if (!patch) return existing;
  return nodes.patch(node.metadata.name!, 'merge', patch, { signal });
}

/** Registers until it succeeds (see the steps above); rejects only when `signal` aborts. */
export async function registerNode(options: RegisterOptions): Promise<Node> {
  const clock = options.clock ?? realClock;
  const backoff = new Backoff({ initialMs: 100, maxMs: 7000, jitter: 0 });
  for (;;) {
    options.logger.info({ node: options.node.metadata.name }, 'Attempting to register node');
    try {
      const registered = await tryRegisterNode(options);
      options.logger.info({ node: options.node.metadata.name }, 'Successfully registered node');
      return registered;
    } catch (err) {
      if (options.signal.aborted) throw err;
      const delay = backoff.nextDelay();
      options.logger.warn({ node: options.node.metadata.name, err: errorMessage(err), retryInMs: delay }, 'Unable to register node with API server');
      await clockSleep(clock, delay, options.signal);
    }
  }
}
