/**
 * The controller manager (model: kube-controller-manager): runs the controllers of `registry.ts`
 * on one shared informer factory and one event broadcaster, behind the Lease
 * `kube-system/kube-controller-manager` so only one server's controllers act at a time.
 *
 * Each time leadership is acquired: 1. construct the enabled controllers (they register informer
 * handlers); 2. start the informers; 3. run every controller with its worker count. When
 * leadership ends, controllers stop, informers are disposed, and the next term starts afresh.
 */
import { SharedInformerFactory, type SharedInformer } from '../client/cache/index.js';
import { EventBroadcaster, RestEventSink } from '../client/events/index.js';
import { realClock, type Clock } from '../client/flowcontrol/clock.js';
import { runWhileLeader } from '../client/leaderelection/index.js';
import type { KubeObjectLike } from '../client/object.js';
import type { ResourceRef, RestClient } from '../client/rest/index.js';
import { BadRequestError, errorMessage } from '../util/errors.js';
import { DisposableStore, type Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';
import { CONTROLLERS } from './registry.js';
import type { ControllerContext, ControllerDescriptor } from './shared/controller.js';
import { resourceKey } from './shared/resources.js';

export interface ControllerManagerConfig {
  /**
   * Which controllers run, as upstream's --controllers: `*` enables all, `name` enables one,
   * `-name` disables one. Default `['*']`.
   */
  controllers?: readonly string[];
  /** Default true: run only while holding the lease. */
  leaderElect?: boolean;
}

export interface ControllerManagerDeps {
  client: RestClient;
  logger: Logger;
  clock?: Clock;
}

export const CONTROLLER_MANAGER_LEASE = { namespace: 'kube-system', name: 'kube-controller-manager' } as const;

/** Starts the controller manager; disposing stops it (and releases the lease). */
export function startControllerManager(config: ControllerManagerConfig, deps: ControllerManagerDeps, signal: AbortSignal): Disposable {
  const enabled = enabledControllers(config.controllers ?? ['*'], CONTROLLERS);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const lead = (leading: AbortSignal) => runControllers(enabled, deps, leading);
  const done = config.leaderElect === false
    ? lead(stop.signal)
    : runWhileLeader({ client: deps.client, ...CONTROLLER_MANAGER_LEASE, logger: deps.logger, clock: deps.clock }, lead, stop.signal);
  const finished = done.catch((err: unknown) => deps.logger.error({ err: errorMessage(err) }, 'controller manager failed'));
  return {
    dispose: async () => {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      await finished;
    },
  };
}

/** Applies upstream's --controllers rules to the table; unknown names are refused. */
export function enabledControllers(spec: readonly string[], table: readonly ControllerDescriptor[]): ControllerDescriptor[] {
  const known = new Set(table.map((d) => d.name));
  for (const item of spec) {
    const name = item.replace(/^-/, '');
    if (name !== '*' && !known.has(name)) throw new BadRequestError(`unknown controller "${name}"; known controllers: ${[...known].join(', ')}`);
  }
  const all = spec.includes('*');
  return table.filter((d) => !spec.includes(`-${d.name}`) && (all || spec.includes(d.name)));
}

async function runControllers(descriptors: readonly ControllerDescriptor[], deps: ControllerManagerDeps, leading: AbortSignal): Promise<void> {
  const owned = new DisposableStore();
  try {
    const refs = new Map<string, ResourceRef>();
    const informers = owned.add(new SharedInformerFactory((key) => deps.client.resource(refs.get(key)!)));
    const broadcaster = owned.add(new EventBroadcaster({ sink: new RestEventSink(deps.client), clock: deps.clock }));
    const context: ControllerContext = {
      client: deps.client,
      informers,
      informer: <T extends KubeObjectLike>(ref: ResourceRef) => {
        const key = resourceKey(ref);
        refs.set(key, ref);
        return informers.informerFor<T>(key) as SharedInformer<T>;
      },
      recorder: (component) => broadcaster.newRecorder({ component }),
      logger: deps.logger,
      clock: deps.clock ?? realClock,
    };
    const controllers = descriptors.map((d) => ({ descriptor: d, controller: d.create({ ...context, logger: deps.logger.child({ controller: d.name }) }) }));
    informers.start();
    deps.logger.info({ controllers: descriptors.map((d) => d.name) }, 'starting controllers');
    await Promise.all(
      controllers.map(({ descriptor, controller }) =>
        controller.run(descriptor.workers, leading).catch((err: unknown) => deps.logger.error({ controller: descriptor.name, err: errorMessage(err) }, 'controller stopped with an error')),
      ),
    );
  } finally {
    await owned.dispose();
  }
}
