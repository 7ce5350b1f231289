import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inTreeRegistry } from '../plugins/registry.js';
import { parseSchedulerConfiguration } from './parse.js';

const registry = inTreeRegistry();

test('defaults: one default-scheduler profile with the default plugins, leader election on', () => {
  const config = parseSchedulerConfiguration('', registry);
  assert.equal(config.profiles.length, 1);
  assert.equal(config.profiles[0]!.schedulerName, 'default-scheduler');
  const multi = config.profiles[0]!.plugins.multiPoint.enabled;
  assert.deepEqual(multi.find((p) => p.name === 'TaintToleration'), { name: 'TaintToleration', weight: 3 });
  assert.ok(multi.every((p) => registry.has(p.name)));
  assert.deepEqual(config.leaderElection, { leaderElect: true, resourceName: 'kube-scheduler', resourceNamespace: 'kube-system', leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
});

test('profiles, plugin enable/disable with *, weights, plugin args, leader election', () => {
  const config = parseSchedulerConfiguration(
    `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
leaderElection:
  leaderElect: false
  resourceName: my-sched
profiles:
  - schedulerName: default-scheduler
  - schedulerName: packer
    plugins:
      score:
        disabled:
          - name: '*'
        enabled:
          - name: NodeResourcesFit
            weight: 5
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy:
            type: MostAllocated
`,
    registry,
  );
  assert.equal(config.percentageOfNodesToScore, 30);
  assert.equal(config.leaderElection.leaderElect, false);
  assert.equal(config.leaderElection.resourceName, 'my-sched');
  const packer = config.profiles[1]!;
  assert.deepEqual(packer.plugins.score, { enabled: [{ name: 'NodeResourcesFit', weight: 5 }], disabled: [{ name: '*' }] });
  assert.deepEqual(packer.pluginConfig, [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }]);
});

test('invalid configurations name the field', () => {
  const bad: [string, RegExp][] = [
    ['apiVersion: kubescheduler.config.k8s.io/v1beta3', /apiVersion: Unsupported value/],
    ['profiles: [{schedulerName: a}, {schedulerName: a}]', /profiles\[1\]\.schedulerName: Duplicate value: "a"/],
    ['profiles: [{plugins: {score: {enabled: [{name: Nope}]}}}]', /profiles\[0\]\.plugins\.score\.enabled\[0\]\.name: Invalid value: "Nope": plugin does not exist/],
    ['profiles: [{plugins: {score: {enabled: [{name: ImageLocality, weight: 101}]}}}]', /profiles\[0\]\.plugins\.score\.enabled\[0\]\.weight: Invalid value: 101/],
    ['percentageOfNodesToScore: 150', /percentageOfNodesToScore: Invalid value: 150/],
    ['leaderElection: {leaseDuration: 5s, renewDeadline: 10s}', /leaderElection\.leaseDuration/],
    ['profiles: [{pluginConfig: [{name: Nope, args: {}}]}]', /profiles\[0\]\.pluginConfig\[0\]\.name/],
    ['profiles: {', /<file>: cannot parse/],
  ];
  for (const [text, error] of bad) assert.throws(() => parseSchedulerConfiguration(text, registry), error, text);
});
