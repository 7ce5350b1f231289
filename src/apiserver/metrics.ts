import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The API server's Prometheus metrics, with upstream's names and labels where kubectl users and
 * dashboards expect them (apiserver_request_total, apiserver_request_duration_seconds) plus
 * Node's process metrics. One registry per server, so several servers in one process
 * (tests) do not mix their counts.
 */
export class ApiServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'verb' | 'group' | 'version' | 'resource' | 'subresource' | 'code'>;
  private readonly latency: Histogram<'verb' | 'group' | 'version' | 'resource'>;

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
  }

  /** Records a finished request; `resource` is '' for non-resource paths. */
  observe(labels: { verb: string; group: string; version: string; resource: string; subresource: string }, code: number, seconds: number): void {
    this.requests.inc({ ...labels, code: String(code) });
    if (labels.verb !== 'watch') this.latency.observe({ verb: labels.verb, group: labels.group, version: labels.version, resource: labels.resource }, seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
