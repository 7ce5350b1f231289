import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
}

/**
 * The API server's Prometheus metrics, with upstream's names and labels where kubectl users and
 * dashboards expect them (apiserver_request_total, apiserver_request_duration_seconds,
 * apiserver_longrunning_requests for open watches, etcd_request_duration_seconds for the store,
 * whatever its driver) plus Node's process metrics. One registry per server, so several servers
 * in one process (tests) do not mix their counts.
 */
export class ApiServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'verb' | 'group' | 'version' | 'resource' | 'subresource' | 'code'>;
  private readonly latency: Histogram<'verb' | 'group' | 'version' | 'resource'>;
  private readonly longRunning: Gauge<'verb' | 'group' | 'version' | 'resource' | 'subresource' | 'scope' | 'component'>;
  private readonly storeLatency: Histogram<'operation' | 'type'>;
  /** Histogram children by `operation\0type`, so timing a store call does not hash labels. */
  private readonly storeChildren = new Map<string, { observe(seconds: number): void }>();
  /** Request counter and latency children by their labels and code (prom-client hashes labels on every call otherwise). */
  private readonly requestChildren = new Map<string, { counter: { inc(): void }; histogram: { observe(seconds: number): void } | undefined }>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, API resource and HTTP response code.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'code'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb and resource (watches excluded).',
      labelNames: ['verb', 'group', 'version', 'resource'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2, 3, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.longRunning = new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      registers: [this.registry],
    });
    this.storeLatency = new Histogram({
      name: 'etcd_request_duration_seconds',
      help: 'Etcd request latency in seconds for each operation and object type.',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
      registers: [this.registry],
    });
  }

  /** Records a finished request; `resource` is '' for non-resource paths. Watches have no latency. */
  observe(labels: RequestLabels, code: number, seconds: number): void {
    const key = `${labels.verb}\0${labels.group}\0${labels.version}\0${labels.resource}\0${labels.subresource}\0${code}`;
    let child = this.requestChildren.get(key);
    if (!child) {
      const counter = this.requests.labels({ ...labels, code: String(code) });
      const histogram = labels.verb === 'WATCH' ? undefined : this.latency.labels({ verb: labels.verb, group: labels.group, version: labels.version, resource: labels.resource });
      child = { counter, histogram };
      this.requestChildren.set(key, child);
    }
    child.counter.inc();
    child.histogram?.observe(seconds);
  }

  /**
   * Counts a long-running request (a watch) as open until the returned function is called (once).
   * `scope` is upstream's: `cluster`, `namespace` or `resource` (one named object).
   */
  longRunningStarted(labels: RequestLabels, scope: 'cluster' | 'namespace' | 'resource'): () => void {
    const gauge = this.longRunning.labels({ ...labels, scope, component: 'apiserver' });
    gauge.inc();
    let open = true;
    return () => {
      if (open) gauge.dec();
      open = false;
    };
  }

  /** Records one store call: `operation` is the Backend method, `type` the resource (`deployments.apps`). */
  observeStore(operation: string, type: string, seconds: number): void {
    const key = `${operation}\0${type}`;
    let child = this.storeChildren.get(key);
    if (!child) {
      child = this.storeLatency.labels({ operation, type });
      this.storeChildren.set(key, child);
    }
    child.observe(seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
