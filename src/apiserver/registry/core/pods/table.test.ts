import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toTable } from '../../../table/table.js';
import { podColumns, summarizePod } from './table.js';
import type { ContainerStatusLike, Pod } from './types.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

function pod(status: Pod['status'], spec: Pod['spec'] = { containers: [{ name: 'a', image: 'x' }] }, meta: Pod['metadata'] = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: '2026-01-01T11:00:00Z', ...meta }, spec, status };
}

const running = (ready = true): ContainerStatusLike => ({ name: 'a', ready, restartCount: 0, state: { running: { startedAt: '2026-01-01T11:00:00Z' } } });

describe('summarizePod (upstream printPod)', () => {
  test('Pending pod without statuses', () => {
    assert.deepEqual(summarizePod(pod({ phase: 'Pending' }), NOW), { ready: '0/1', status: 'Pending', restarts: '0' });
  });

  test('ContainerCreating and CrashLoopBackOff come from the waiting reason', () => {
    const waiting = (reason: string): Pod => pod({ phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason } } }] });
    assert.equal(summarizePod(waiting('ContainerCreating'), NOW).status, 'ContainerCreating');
    assert.equal(summarizePod(waiting('CrashLoopBackOff'), NOW).status, 'CrashLoopBackOff');
  });

  test('Running and ready', () => {
    assert.deepEqual(summarizePod(pod({ phase: 'Running', containerStatuses: [running()] }), NOW), { ready: '1/1', status: 'Running', restarts: '0' });
  });

  test('Completed and Error come from the terminated reason; ExitCode without one', () => {
    const terminated = (exitCode: number, reason?: string): Pod =>
      pod({ phase: exitCode === 0 ? 'Succeeded' : 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode, ...(reason ? { reason } : {}) } } }] });
    assert.equal(summarizePod(terminated(0, 'Completed'), NOW).status, 'Completed');
    assert.equal(summarizePod(terminated(1, 'Error'), NOW).status, 'Error');
    assert.equal(summarizePod(terminated(137), NOW).status, 'ExitCode:137');
  });

  test('Completed with a container still running shows Running or NotReady', () => {
    const spec = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] };
    const statuses = [running(), { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }];
    assert.equal(summarizePod(pod({ phase: 'Running', containerStatuses: statuses }, spec), NOW).status, 'NotReady');
    assert.equal(summarizePod(pod({ phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] }, spec), NOW).status, 'Running');
  });

  test('init containers: Init:x/y, Init:Error, Init:CrashLoopBackOff', () => {
    const spec = { initContainers: [{ name: 'i1', image: 'x' }, { name: 'i2', image: 'x' }], containers: [{ name: 'a', image: 'x' }] };
    const done = { name: 'i1', ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    const at = (second: ContainerStatusLike): string => summarizePod(pod({ phase: 'Pending', initContainerStatuses: [done, second] }, spec), NOW).status;
    assert.equal(at({ name: 'i2', ready: false, restartCount: 0, state: { running: {} } }), 'Init:1/2');
    assert.equal(at({ name: 'i2', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }), 'Init:Error');
    assert.equal(at({ name: 'i2', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }), 'Init:CrashLoopBackOff');
  });

  test('a deleting pod that has not finished is Terminating', () => {
    assert.equal(summarizePod(pod({ phase: 'Running', containerStatuses: [running()] }, undefined, { deletionTimestamp: '2026-01-01T12:00:30Z' }), NOW).status, 'Terminating');
    assert.equal(summarizePod(pod({ phase: 'Succeeded' }, undefined, { deletionTimestamp: '2026-01-01T12:00:30Z' }), NOW).status, 'Succeeded');
  });

  test('restarts show when the last one happened', () => {
    const status = { ...running(), restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T11:55:00Z' } } };
    assert.equal(summarizePod(pod({ phase: 'Running', containerStatuses: [status] }), NOW).restarts, '2 (5m ago)');
  });

  test('restartable init containers count in READY', () => {
    const spec = { initContainers: [{ name: 's', image: 'x', restartPolicy: 'Always' }], containers: [{ name: 'a', image: 'x' }] };
    const sidecar = { name: 's', ready: true, started: true, restartCount: 0, state: { running: {} } };
    assert.equal(summarizePod(pod({ phase: 'Running', initContainerStatuses: [sidecar], containerStatuses: [running()] }, spec), NOW).ready, '2/2');
  });
});

describe('pod columns', () => {
  test('NAME READY STATUS RESTARTS AGE, and the wide IP NODE NOMINATED NODE READINESS GATES', () => {
    const p = pod({ phase: 'Running', podIPs: [{ ip: '10.42.0.5' }], containerStatuses: [running()], conditions: [{ type: 'www.example.com/gate', status: 'True' }] }, {
      containers: [{ name: 'a', image: 'x' }],
      nodeName: 'n1',
      readinessGates: [{ conditionType: 'www.example.com/gate' }, { conditionType: 'other' }],
    });
    const table = toTable(podColumns, [p], {}, 'None', NOW) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };
    assert.deepEqual(table.columnDefinitions.map((c) => `${c.name}/${c.priority}`), ['Name/0', 'Ready/0', 'Status/0', 'Restarts/0', 'Age/0', 'IP/1', 'Node/1', 'Nominated Node/1', 'Readiness Gates/1']);
    assert.deepEqual(table.rows[0]!.cells, ['p', '1/1', 'Running', '0', '60m', '10.42.0.5', 'n1', '<none>', '1/2']);
  });
});
