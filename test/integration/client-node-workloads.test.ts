/**
 * The workload kinds through @kubernetes/client-node's typed clients (their serializers check the
 * wire shapes): Deployments and their Scale, Jobs with generated selectors, CronJobs.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { AppsV1Api, BatchV1Api, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { useCluster } from '../support/cluster.js';

describe('workloads through @kubernetes/client-node', () => {
  const { server } = useCluster({ args: ['--disable-controllers'] }); // wire shapes only: no controller writes in between
  let apps: AppsV1Api;
  let batch: BatchV1Api;
  before(() => {
    // client-node 1.x refuses plain-HTTP clusters unless TLS verification is marked skipped (kts
    // serves plain HTTP on loopback); everything else comes from kts's kubeconfig.
    const file = new KubeConfig();
    file.loadFromFile(server.kubeconfig);
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: file.clusters.map((c) => ({ ...c, skipTLSVerify: true })), users: file.users, contexts: file.contexts, currentContext: file.currentContext });
    apps = config.makeApiClient(AppsV1Api);
    batch = config.makeApiClient(BatchV1Api);
  });

  const deployment: V1Deployment = {
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'busybox:1.36' }] } },
    },
  };

  test('a Deployment reads back with defaults; its Scale reads, replaces and patches', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment });
    assert.equal(created.spec?.replicas, 1);
    assert.equal(created.spec?.strategy?.type, 'RollingUpdate');
    assert.equal(created.spec?.strategy?.rollingUpdate?.maxSurge, '25%');
    assert.ok(created.metadata?.creationTimestamp instanceof Date);

    const scale = await apps.readNamespacedDeploymentScale({ name: 'api', namespace: 'default' });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec?.replicas, 1);
    assert.equal(scale.status?.selector, 'app=api');
    assert.equal(scale.metadata?.resourceVersion, created.metadata?.resourceVersion);

    const replaced = await apps.replaceNamespacedDeploymentScale({ name: 'api', namespace: 'default', body: { ...scale, spec: { replicas: 4 } } });
    assert.equal(replaced.spec?.replicas, 4);
    const patched = await apps.patchNamespacedDeploymentScale({ name: 'api', namespace: 'default', body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] });
    assert.equal(patched.spec?.replicas, 2);
    const read = await apps.readNamespacedDeployment({ name: 'api', namespace: 'default' });
    assert.equal(read.spec?.replicas, 2);
    assert.equal(read.metadata?.generation, 3);

    await assert.rejects(
      apps.replaceNamespacedDeploymentScale({ name: 'api', namespace: 'default', body: { ...scale, spec: { replicas: 1 } } }),
      (err: { code?: number }) => err.code === 409,
      'a Scale with a stale resourceVersion conflicts',
    );
  });

  test('a Job gets its generated selector; a CronJob its defaults', async () => {
    const job = await batch.createNamespacedJob({
      namespace: 'default',
      body: { metadata: { name: 'pi' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'busybox:1.36' }] } } } },
    });
    const uid = job.metadata?.uid ?? '';
    assert.deepEqual(job.spec?.selector?.matchLabels, { 'batch.kubernetes.io/controller-uid': uid });
    assert.equal(job.spec?.template.metadata?.labels?.['job-name'], 'pi');
    assert.equal(job.spec?.backoffLimit, 6);

    const cron = await batch.createNamespacedCronJob({
      namespace: 'default',
      body: { metadata: { name: 'nightly' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } } },
    });
    assert.equal(cron.spec?.concurrencyPolicy, 'Allow');
    assert.equal(cron.spec?.successfulJobsHistoryLimit, 3);
    await assert.rejects(
      batch.createNamespacedCronJob({ namespace: 'default', body: { metadata: { name: 'bad' }, spec: { schedule: '* * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } } } }),
      (err: { code?: number; body?: string }) => err.code === 422 && /expected exactly 5 fields, found 3: \[\* \* \*\]/.test(String(err.body)),
    );
  });
});
