import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerConfig, criLines, runtimeHarness, sandboxConfig } from '../harness.js';
import { SIMULATED_EXIT_ANNOTATION, SimulatedRuntime, parseExitAnnotation } from './simulated-runtime.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

runtimeHarness('simulated', {
  create: () => new SimulatedRuntime({ nodeIP: '10.0.0.7' }),
  capabilities: { processes: false, streaming: false, memoryLimits: false, podHostname: false, persistent: false },
});

test('simulated: the exit annotation makes a container exit with its code; logs say it is simulated', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kts-sim-'));
  try {
    const rt = new SimulatedRuntime({ nodeIP: '10.0.0.7' });
    const sbCfg = sandboxConfig(root, 'crash');
    const sb = await rt.runPodSandbox(sbCfg);
    const cfg = containerConfig(sbCfg, 'c', ['anything']);
    cfg.annotations = { [SIMULATED_EXIT_ANNOTATION]: '3:20' };
    const exited = new Promise<string>((resolve) => rt.onContainerEvent((e) => e.type === 'exited' && resolve(e.containerId)));
    const id = await rt.createContainer(sb, cfg);
    await rt.startContainer(id);
    assert.equal((await rt.containerStatus(id)).state, 'running');
    assert.equal(await exited, id);
    const st = await rt.containerStatus(id);
    assert.equal(st.exitCode, 3);
    assert.equal(st.reason, 'Error');
    assert.match(criLines(cfg.logPath)[0]!.text, /simulated container c started/);
    await assert.rejects(rt.execSync(id, ['true'], 1000), { name: 'UnsupportedError' });
    await rt.removePodSandbox(sb);
    rt.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('simulated: thousands of pods are cheap', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kts-sim-'));
  try {
    const rt = new SimulatedRuntime({ nodeIP: '10.0.0.7', writeLogs: false });
    for (let i = 0; i < 3000; i++) {
      const sbCfg = sandboxConfig(root, `p${i}`);
      const sb = await rt.runPodSandbox(sbCfg);
      await rt.startContainer(await rt.createContainer(sb, containerConfig(sbCfg, 'c', [])));
    }
    assert.equal((await rt.listContainers({ state: 'running' })).length, 3000);
    for (const s of await rt.listPodSandboxes()) await rt.removePodSandbox(s.id);
    assert.equal((await rt.listContainers()).length, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('parseExitAnnotation', () => {
  assert.deepEqual(parseExitAnnotation('0'), { code: 0, delayMs: 0 });
  assert.deepEqual(parseExitAnnotation('1:500'), { code: 1, delayMs: 500 });
  assert.equal(parseExitAnnotation('x'), undefined);
  assert.equal(parseExitAnnotation('300'), undefined);
  assert.equal(parseExitAnnotation(undefined), undefined);
});
