import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../generic/object.js';
import { simulateCreate, simulateUpdate } from '../strategy-harness.js';
import { cronJobColumns, cronJobStrategy } from './cronjobs/strategy.js';
import { jobColumns, jobStrategy } from './jobs/strategy.js';

const UID = '11111111-2222-3333-4444-555555555555';
const podTemplate = (spec: Record<string, unknown> = {}, labels?: Record<string, string>): Record<string, unknown> => ({
  ...(labels ? { metadata: { labels } } : {}),
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], restartPolicy: 'Never', ...spec },
});
const job = (spec: Record<string, unknown> = {}, name = 'pi'): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' }, spec: { template: podTemplate(), ...spec } });

describe('jobs', () => {
  test('upstream defaults and the generated selector', () => {
    const { object, errors } = simulateCreate(jobStrategy, job(), UID);
    assert.deepEqual(errors, []);
    const spec = object['spec'] as Record<string, unknown>;
    const generated = { 'batch.kubernetes.io/controller-uid': UID, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': UID, 'job-name': 'pi' };
    assert.deepEqual(
      { ...spec, template: undefined },
      {
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        manualSelector: false,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
        template: undefined,
      },
    );
    assert.deepEqual((spec['template'] as { metadata: unknown }).metadata, { labels: generated });
    assert.deepEqual(object.metadata.labels, generated);
    assert.deepEqual(object['status'], {});
  });

  test('parallelism alone leaves completions unset; per-index backoff raises the default limit', () => {
    const parallel = simulateCreate(jobStrategy, job({ parallelism: 3 })).object['spec'] as Record<string, unknown>;
    assert.equal(parallel['completions'], undefined);
    const indexed = simulateCreate(jobStrategy, job({ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 })).object['spec'] as Record<string, unknown>;
    assert.equal(indexed['backoffLimit'], 2147483647);
    assert.equal(simulateCreate(jobStrategy, job({ podFailurePolicy: { rules: [] } })).object['spec'] !== undefined, true);
    assert.equal((simulateCreate(jobStrategy, job({ podFailurePolicy: { rules: [] } })).object['spec'] as Record<string, unknown>)['podReplacementPolicy'], 'Failed');
  });

  test('counts and restart policy', () => {
    assert.deepEqual(simulateCreate(jobStrategy, job({ parallelism: -1, completions: -2, backoffLimit: -3, template: podTemplate({ restartPolicy: 'Always' }) })).errors, [
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -2: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -3: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    // As upstream: ValidatePodTemplateSpec's pod restart policies, then the Job's own.
    assert.deepEqual(simulateCreate(jobStrategy, job({ template: podTemplate({ restartPolicy: 'Sometimes' }) })).errors, [
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
    assert.deepEqual(simulateCreate(jobStrategy, job({ completionMode: 'Indexed', completions: 3 }, 'x'.repeat(62))).errors, [
      `metadata.name: Invalid value: "${'x'.repeat(62)}": will not able to create pod with invalid DNS label: ${'x'.repeat(62)}-2`,
    ]);
  });

  test('manual selectors must match the template; generated labels must be the job\'s', () => {
    assert.deepEqual(simulateCreate(jobStrategy, job({ manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: podTemplate({}, { a: 'c' }) })).errors, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`',
    ]);
    assert.deepEqual(simulateCreate(jobStrategy, job({ manualSelector: true })).errors, ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`']);
    const conflicting = simulateCreate(jobStrategy, job({ template: podTemplate({}, { 'job-name': 'other' }) }), UID).errors;
    assert.deepEqual(conflicting, [
      `spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"${UID}", "batch.kubernetes.io/job-name":"pi", "controller-uid":"${UID}", "job-name":"other"}: must be 'pi'`,
    ]);
  });

  test('the template and completions are immutable, except scheduling of a suspended job that never started', () => {
    const old = simulateCreate(jobStrategy, job()).object;
    const spec = old['spec'] as Record<string, unknown>;
    const withTemplate = (t: Record<string, unknown>): KubeObject => ({ ...old, spec: { ...spec, template: t } });
    const template = spec['template'] as { metadata: unknown; spec: Record<string, unknown> };
    const errors = simulateUpdate(jobStrategy, withTemplate({ ...template, spec: { ...template.spec, nodeSelector: { a: 'b' } } }), old).errors;
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^spec\.template: Invalid value: .*: field is immutable$/);
    assert.deepEqual(simulateUpdate(jobStrategy, { ...old, spec: { ...spec, completions: 3 } }, old).errors, ['spec.completions: Invalid value: 3: field is immutable']);
    const suspended = { ...old, spec: { ...spec, suspend: true } };
    assert.deepEqual(simulateUpdate(jobStrategy, { ...suspended, spec: { ...spec, suspend: true, template: { ...template, spec: { ...template.spec, nodeSelector: { a: 'b' } } } } }, suspended).errors, []);
    assert.deepEqual(simulateUpdate(jobStrategy, { ...old, spec: { ...spec, parallelism: 5, suspend: true } }, old).errors, [], 'parallelism and suspend may change');
  });

  test('columns', () => {
    const { object } = simulateCreate(jobStrategy, job());
    object['status'] = { succeeded: 1, startTime: '2024-01-01T00:00:00Z', completionTime: '2024-01-01T00:00:05Z', conditions: [{ type: 'Complete', status: 'True' }] };
    assert.deepEqual(jobColumns.map((c) => c.name), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(jobColumns.slice(0, 4).map((c) => c.cell(object, Date.now())), ['pi', 'Complete', '1/1', '5s']);
    const parallel = simulateCreate(jobStrategy, job({ parallelism: 3 })).object;
    assert.deepEqual(jobColumns.slice(1, 4).map((c) => c.cell(parallel, Date.now())), ['Running', '0/1 of 3', '']);
  });
});

describe('cronjobs', () => {
  const cron = (spec: Record<string, unknown> = {}, name = 'tick'): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate() } }, ...spec },
  });

  test('upstream defaults (the job template is not a Job: no job defaults)', () => {
    const { object, errors } = simulateCreate(cronJobStrategy, cron());
    assert.deepEqual(errors, []);
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['concurrencyPolicy'], 'Allow');
    assert.equal(spec['suspend'], false);
    assert.equal(spec['successfulJobsHistoryLimit'], 3);
    assert.equal(spec['failedJobsHistoryLimit'], 1);
    const jobSpec = (spec['jobTemplate'] as { spec: Record<string, unknown> }).spec;
    assert.equal(jobSpec['backoffLimit'], undefined);
    assert.equal((jobSpec['template'] as { spec: Record<string, unknown> }).spec['dnsPolicy'], 'ClusterFirst');
  });

  test('schedule, time zone, policy, template and name', () => {
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ schedule: 'bad' })).errors, ['spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]']);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ schedule: '' })).errors, ['spec.schedule: Required value']);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ schedule: 'TZ=UTC 0 * * * *' })).errors, [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ timeZone: 'Europe/Paris' })).errors, []);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ timeZone: 'Mars/Olympus_Mons' })).errors, ['spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons']);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ timeZone: 'Local' })).errors, [
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ]);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ concurrencyPolicy: 'Sometimes' })).errors, ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({ jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate({ restartPolicy: 'Always' }) } } })).errors, [
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]);
    assert.deepEqual(simulateCreate(cronJobStrategy, cron({}, 'n'.repeat(53))).errors, [`metadata.name: Invalid value: "${'n'.repeat(53)}": must be no more than 52 characters`]);
  });

  test('a TZ= already stored may stay on update', () => {
    const stored = simulateCreate(cronJobStrategy, cron()).object;
    stored['spec'] = { ...(stored['spec'] as object), schedule: 'TZ=UTC 0 * * * *' };
    assert.deepEqual(simulateUpdate(cronJobStrategy, { ...stored, spec: { ...(stored['spec'] as object), suspend: true } }, stored).errors, []);
    assert.deepEqual(simulateUpdate(cronJobStrategy, { ...stored, spec: { ...(stored['spec'] as object), timeZone: 'UTC' } }, stored).errors, [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });

  test('columns', () => {
    const { object } = simulateCreate(cronJobStrategy, cron({ timeZone: 'UTC' }));
    assert.deepEqual(cronJobColumns.map((c) => c.name), ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(cronJobColumns.slice(0, 6).map((c) => c.cell(object, Date.now())), ['tick', '*/5 * * * *', 'UTC', 'False', 0, '<none>']);
    assert.equal(cronJobColumns[9]!.cell(object, 0), '<none>');
  });
});
