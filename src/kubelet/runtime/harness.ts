/**
 * The runtime harness: node:test tests every `Runtime` implementation must pass (as the storage
 * conformance suite does for drivers). A runtime's test file calls `runtimeHarness(...)` with a
 * factory and the capabilities it has; tests needing a missing capability are skipped with the
 * reason. Each test gets a fresh temporary root dir; afterwards every sandbox is removed, the
 * runtime disposed, the runtime's `leftovers` probe must report nothing, and the dir is deleted.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable, Duplex } from 'node:stream';
import { after, afterEach, describe, test } from 'node:test';
import type { ContainerConfig, ContainerEvent, ContainerStatus, PodSandboxConfig, Runtime } from './runtime.js';

export interface RuntimeCapabilities {
  /** Runs the container's command (output, exit codes, env, files, signals). */
  processes: boolean;
  /** exec, execSync, attach, port-forward. */
  streaming: boolean;
  /** Memory limits enforced (OOMKilled). */
  memoryLimits: boolean;
  /** Pod UTS namespace (hostname = pod hostname). */
  podHostname: boolean;
  /** State survives the runtime instance (`recover()` on a new instance sees it). */
  persistent: boolean;
}

export interface HarnessRuntime extends Runtime {
  /** Releases the instance (not the containers it leaves running). */
  dispose?(): void | Promise<void>;
}

export interface RuntimeHarnessOptions {
  create(rootDir: string): HarnessRuntime;
  capabilities: RuntimeCapabilities;
  /** Describes anything the runtime left behind under/for `rootDir` (processes, mounts, cgroups). */
  leftovers?(rootDir: string): string[];
}

const WAIT_MS = 30_000;

export function runtimeHarness(name: string, options: RuntimeHarnessOptions): void {
  const caps = options.capabilities;
  const cleanups: (() => Promise<void>)[] = [];

  /** A fresh root dir and runtime, recovered; cleaned up after the test. */
  async function setup(): Promise<{ rt: HarnessRuntime; root: string; reopen(): Promise<HarnessRuntime> }> {
    const root = mkdtempSync(join(tmpdir(), `kts-rt-${name.replace(/[^a-z0-9]+/gi, '-')}-`));
    const instances: HarnessRuntime[] = [];
    const open = async (): Promise<HarnessRuntime> => {
      const rt = options.create(root);
      instances.push(rt);
      await rt.recover();
      return rt;
    };
    const rt = await open();
    cleanups.push(async () => {
      const last = instances[instances.length - 1]!;
      for (const s of await last.listPodSandboxes()) await last.removePodSandbox(s.id);
      for (const i of instances) await i.dispose?.();
      const left = options.leftovers?.(root) ?? [];
      rmSync(root, { recursive: true, force: true });
      assert.deepEqual(left, [], 'the runtime left things behind');
    });
    return {
      rt,
      root,
      reopen: async () => {
        await instances[instances.length - 1]!.dispose?.();
        return open();
      },
    };
  }

  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  after(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  const skip = (need: (keyof RuntimeCapabilities)[]): string | false => {
    const missing = need.filter((k) => !caps[k]);
    return missing.length > 0 ? `${name} runtime lacks: ${missing.join(', ')}` : false;
  };

  describe(`runtime harness: ${name}`, () => {
    test('sandbox create, status, list, stop, remove (idempotent)', async () => {
      const { rt, root } = await setup();
      const cfg = sandboxConfig(root, 'sb');
      const id = await rt.runPodSandbox(cfg);
      const st = await rt.podSandboxStatus(id);
      assert.equal(st.state, 'ready');
      assert.equal(st.uid, cfg.uid);
      assert.equal(st.name, 'sb');
      assert.equal(st.namespace, 'default');
      assert.ok(st.ip.length > 0);
      assert.deepEqual(st.labels, cfg.labels);
      assert.deepEqual((await rt.listPodSandboxes()).map((s) => s.id), [id]);
      await rt.stopPodSandbox(id);
      await rt.stopPodSandbox(id);
      assert.equal((await rt.podSandboxStatus(id)).state, 'notready');
      await rt.removePodSandbox(id);
      await rt.removePodSandbox(id);
      await assert.rejects(rt.podSandboxStatus(id), { name: 'NotFoundError' });
      await assert.rejects(rt.containerStatus('nope'), { name: 'NotFoundError' });
      assert.deepEqual(await rt.listPodSandboxes(), []);
    });

    test('sandboxes started concurrently, while the runtime is listed, are all ready and run containers', async () => {
      const { rt, root } = await setup();
      const configs = ['c0', 'c1', 'c2', 'c3'].map((n) => sandboxConfig(root, n));
      let starting = true;
      // A kubelet lists sandboxes (pod status, housekeeping) while other pods' sandboxes start.
      const lister = (async () => {
        while (starting) {
          await rt.listPodSandboxes();
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const ids = await Promise.all(configs.map((cfg) => rt.runPodSandbox(cfg))).finally(() => (starting = false));
      await lister;
      assert.deepEqual((await Promise.all(ids.map((id) => rt.podSandboxStatus(id)))).map((s) => s.state), ['ready', 'ready', 'ready', 'ready']);
      const containers = await Promise.all(ids.map((id, i) => rt.createContainer(id, containerConfig(configs[i]!, 'main', ['sleep', '3600']))));
      await Promise.all(containers.map((id) => rt.startContainer(id)));
      assert.deepEqual((await Promise.all(containers.map((id) => rt.containerStatus(id)))).map((c) => c.state), ['running', 'running', 'running', 'running']);
    });

    test('container lifecycle: created → running → stopped → removed, with events', async () => {
      const { rt, root } = await setup();
      const events: ContainerEvent[] = [];
      const sub = rt.onContainerEvent((e) => events.push(e));
      const sbCfg = sandboxConfig(root, 'life');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await rt.createContainer(sb, containerConfig(sbCfg, 'main', ['sleep', '3600']));
      assert.equal((await rt.containerStatus(id)).state, 'created');
      await rt.startContainer(id);
      const running = await rt.containerStatus(id);
      assert.equal(running.state, 'running');
      assert.ok(running.startedAt > 0);
      assert.deepEqual((await rt.listContainers({ sandboxId: sb, state: 'running' })).map((c) => c.id), [id]);
      await rt.stopContainer(id, 10);
      await rt.stopContainer(id, 10);
      const stopped = await rt.containerStatus(id);
      assert.equal(stopped.state, 'exited');
      assert.notEqual(stopped.exitCode, 0);
      assert.ok(stopped.finishedAt >= stopped.startedAt);
      await rt.removeContainer(id);
      await rt.removeContainer(id);
      await assert.rejects(rt.containerStatus(id), { name: 'NotFoundError' });
      void sub.dispose();
      assert.deepEqual(events.map((e) => e.type), ['started', 'exited', 'removed']);
      assert.ok(events.every((e) => e.containerId === id && e.sandboxId === sb && e.podUid === sbCfg.uid));
    });

    test('stopPodSandbox stops its running containers', async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'stopall');
      const sb = await rt.runPodSandbox(sbCfg);
      const a = await startContainer(rt, sb, containerConfig(sbCfg, 'a', ['sleep', '3600']));
      const b = await startContainer(rt, sb, containerConfig(sbCfg, 'b', ['sleep', '3600']));
      await rt.stopPodSandbox(sb);
      for (const id of [a, b]) assert.equal((await rt.containerStatus(id)).state, 'exited');
    });

    test('echo hello: Completed, exit 0, CRI log line', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'echo');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'echo', ['echo', 'hello']);
      const id = await startContainer(rt, sb, cfg);
      const st = await waitExited(rt, id);
      assert.equal(st.exitCode, 0);
      assert.equal(st.reason, 'Completed');
      const lines = criLines(cfg.logPath);
      assert.deepEqual(lines.map((l) => [l.stream, l.tag, l.text]), [['stdout', 'F', 'hello']]);
      assert.match(lines[0]!.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    });

    test('tty: the container runs on a terminal', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'tty');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = { ...containerConfig(sbCfg, 'tty', ['sh', '-c', 'test -t 0 && test -t 1 && echo on a terminal']), stdin: true, tty: true };
      const id = await startContainer(rt, sb, cfg);
      const st = await waitExited(rt, id);
      assert.equal(st.exitCode, 0, criLines(cfg.logPath).map((l) => l.text).join('\n'));
      assert.ok(criLines(cfg.logPath).some((l) => l.text.startsWith('on a terminal')));
    });

    test('stderr lines are tagged stderr; a partial last line is logged', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'stderr');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'err', ['sh', '-c', 'echo out; echo oops >&2; printf tail']);
      const id = await startContainer(rt, sb, cfg);
      await waitExited(rt, id);
      const lines = criLines(cfg.logPath).map((l) => `${l.stream} ${l.tag} ${l.text}`);
      assert.ok(lines.includes('stdout F out'), lines.join('\n'));
      assert.ok(lines.includes('stderr F oops'), lines.join('\n'));
      assert.ok(lines.includes('stdout F tail'), lines.join('\n'));
    });

    test('non-zero exit: reason Error with its code', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'fail');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await startContainer(rt, sb, containerConfig(sbCfg, 'fail', ['sh', '-c', 'exit 3']));
      const st = await waitExited(rt, id);
      assert.equal(st.exitCode, 3);
      assert.equal(st.reason, 'Error');
    });

    test('missing command: StartError, exit 128, executable not found', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'nope');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await rt.createContainer(sb, containerConfig(sbCfg, 'nope', ['nope']));
      await assert.rejects(rt.startContainer(id), /exec: "nope": executable file not found in \$PATH/);
      const st = await rt.containerStatus(id);
      assert.equal(st.state, 'exited');
      assert.equal(st.exitCode, 128);
      assert.equal(st.reason, 'StartError');
      assert.match(st.message ?? '', /exec: "nope": executable file not found in \$PATH/);
    });

    test('env and workingDir', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'env');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'env', ['sh', '-c', 'echo "$GREETING $WHO"; pwd']);
      cfg.env = [{ name: 'GREETING', value: 'hi there' }, { name: 'WHO', value: 'pod' }];
      cfg.workingDir = '/tmp';
      const id = await startContainer(rt, sb, cfg);
      await waitExited(rt, id);
      assert.deepEqual(criLines(cfg.logPath).map((l) => l.text), ['hi there pod', '/tmp']);
    });

    test('mounts: a host dir at mountPath, readOnly honoured', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const rw = join(root, 'vol-rw');
      const ro = join(root, 'vol-ro');
      mkdirSync(rw);
      mkdirSync(ro);
      writeFileSync(join(ro, 'data.txt'), 'from host\n');
      const sbCfg = sandboxConfig(root, 'mounts');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'm', ['sh', '-c',
        'cat /data/ro/data.txt; echo written > /data/rw/out.txt; if (echo x > /data/ro/x) 2>/dev/null; then echo ro-writable; else echo ro-refused; fi']);
      cfg.mounts = [
        { hostPath: rw, containerPath: '/data/rw', readOnly: false },
        { hostPath: ro, containerPath: '/data/ro', readOnly: true },
      ];
      const id = await startContainer(rt, sb, cfg);
      await waitExited(rt, id);
      assert.deepEqual(criLines(cfg.logPath).map((l) => l.text), ['from host', 'ro-refused']);
      assert.equal(readFileSync(join(rw, 'out.txt'), 'utf8'), 'written\n');
    });

    test('hostname is the pod hostname', { skip: skip(['processes', 'podHostname']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'host');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'h', ['hostname']);
      const id = await startContainer(rt, sb, cfg);
      await waitExited(rt, id);
      assert.deepEqual(criLines(cfg.logPath).map((l) => l.text), [sbCfg.hostname]);
    });

    test('stopContainer: SIGTERM first, SIGKILL after the timeout', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'term');
      const sb = await rt.runPodSandbox(sbCfg);
      const polite = await startContainer(rt, sb, containerConfig(sbCfg, 'polite', ['sh', '-c', 'trap "echo got-term; exit 7" TERM; while :; do sleep 0.1; done']));
      const stubborn = await startContainer(rt, sb, containerConfig(sbCfg, 'stubborn', ['sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.1; done']));
      await waitForLog(rt, stubborn, 'ready');
      await rt.stopContainer(polite, 30);
      const p = await rt.containerStatus(polite);
      assert.equal(p.exitCode, 7);
      assert.deepEqual(criLines(p.logPath).map((l) => l.text), ['got-term']);
      await rt.stopContainer(stubborn, 1);
      const s = await rt.containerStatus(stubborn);
      assert.equal(s.exitCode, 137);
      assert.equal(s.reason, 'Error');
    });

    test('execSync: output, exit codes, timeout', { skip: skip(['processes', 'streaming']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'exec');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'c', ['sleep', '3600']);
      cfg.env = [{ name: 'FROM_CONTAINER', value: 'yes' }];
      cfg.workingDir = '/tmp';
      const id = await startContainer(rt, sb, cfg);
      const ok = await rt.execSync(id, ['sh', '-c', 'echo "$FROM_CONTAINER $(pwd)"; echo e >&2'], 10_000);
      assert.equal(ok.exitCode, 0);
      assert.equal(ok.stdout.toString(), 'yes /tmp\n');
      assert.equal(ok.stderr.toString(), 'e\n');
      assert.equal(ok.timedOut, false);
      assert.equal((await rt.execSync(id, ['sh', '-c', 'exit 42'], 10_000)).exitCode, 42);
      const missing = await rt.execSync(id, ['nope'], 10_000);
      assert.notEqual(missing.exitCode, 0);
      assert.match(missing.stderr.toString(), /nope/);
      const slow = await rt.execSync(id, ['sleep', '30'], 300);
      assert.equal(slow.timedOut, true);
      await assert.rejects(rt.execSync('nope', ['true'], 1000), { name: 'NotFoundError' });
    });

    test('exec runs in the container: files written by the container are visible', { skip: skip(['processes', 'streaming']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'execfs');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await startContainer(rt, sb, containerConfig(sbCfg, 'c', ['sh', '-c', 'echo inside > /tmp/marker; echo ready; sleep 3600']));
      await waitForLog(rt, id, 'ready');
      const r = await rt.execSync(id, ['cat', '/tmp/marker'], 10_000);
      assert.equal(r.stdout.toString(), 'inside\n');
    });

    test('streaming exec with stdin', { skip: skip(['processes', 'streaming']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'execin');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await startContainer(rt, sb, containerConfig(sbCfg, 'c', ['sleep', '3600']));
      const stdin = new PassThrough();
      const out = collector();
      const err = collector();
      const done = rt.exec(id, ['sh', '-c', 'tr a-z A-Z; echo bye >&2; exit 5'], { stdin, stdout: out.stream, stderr: err.stream, tty: false });
      stdin.write('hello\n');
      stdin.end('world\n');
      assert.equal(await done, 5);
      assert.equal(out.text(), 'HELLO\nWORLD\n');
      assert.equal(err.text(), 'bye\n');
    });

    test('attach to a container started with stdin', { skip: skip(['processes', 'streaming']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'attach');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'c', ['sh', '-c', 'while read line; do echo "got $line"; done; echo eof']);
      cfg.stdin = true;
      cfg.stdinOnce = true;
      const id = await startContainer(rt, sb, cfg);
      const stdin = new PassThrough();
      const out = collector();
      const attached = rt.attach(id, { stdin, stdout: out.stream, stderr: out.stream, tty: false });
      stdin.write('one\n');
      await waitUntil(() => out.text().includes('got one'), 'attach output');
      stdin.end('two\n');
      await attached; // resolves when the container exits (stdinOnce: EOF after the first attach)
      assert.equal(out.text(), 'got one\ngot two\neof\n');
      assert.equal((await waitExited(rt, id)).exitCode, 0);
    });

    test('portForward to a server inside the pod', { skip: skip(['processes', 'streaming']) }, async () => {
      const { rt, root } = await setup();
      const port = await freePort();
      const sbCfg = sandboxConfig(root, 'pf');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await startContainer(rt, sb, containerConfig(sbCfg, 'nc', ['sh', '-c', `echo pong | nc -l -p ${port}`]));
      let received = '';
      // nc may not listen yet: retry until connected. The client closes its side only once the
      // answer is in: nc may quit on the client's EOF before it has sent its own input.
      await waitUntilAsync(async () => {
        try {
          const d: Duplex = new Duplex({
            read() {},
            write(chunk: Buffer, _enc, cb) {
              received += chunk.toString();
              if (received.endsWith('\n')) d.push(null);
              cb();
            },
          });
          d.push('ping\n');
          await rt.portForward(sb, port, d);
          return true;
        } catch {
          return false;
        }
      }, 'port-forward connects');
      assert.equal(received, 'pong\n');
      await waitExited(rt, id);
    });

    test('memory limit: OOMKilled, exit 137', { skip: skip(['processes', 'memoryLimits']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'oom');
      const sb = await rt.runPodSandbox(sbCfg);
      const cfg = containerConfig(sbCfg, 'hog', ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done']);
      cfg.resources = { memoryLimitBytes: 32 * 1024 * 1024 };
      const id = await startContainer(rt, sb, cfg);
      const st = await waitExited(rt, id);
      assert.equal(st.reason, 'OOMKilled');
      assert.equal(st.exitCode, 137);
    });

    test('containerStats of a running container', { skip: skip(['processes']) }, async () => {
      const { rt, root } = await setup();
      const sbCfg = sandboxConfig(root, 'stats');
      const sb = await rt.runPodSandbox(sbCfg);
      const id = await startContainer(rt, sb, containerConfig(sbCfg, 'c', ['sh', '-c', 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo ready; sleep 3600']));
      await waitForLog(rt, id, 'ready');
      const s = await rt.containerStats(id);
      assert.equal(s.containerId, id);
      assert.ok(s.cpuUsageCoreNanoSeconds > 0, 'cpu used');
      assert.ok(s.memoryWorkingSetBytes > 0, 'memory used');
    });

    test('recover: a new instance sees running containers and later exits', { skip: skip(['processes', 'persistent']) }, async () => {
      const { rt, root, reopen } = await setup();
      const sbCfg = sandboxConfig(root, 'recover');
      const sb = await rt.runPodSandbox(sbCfg);
      // The container waits on a FIFO in its /tmp until an exec (after the restart) writes to it.
      const id = await startContainer(rt, sb, containerConfig(sbCfg, 'waiter', ['sh', '-c', 'mkfifo /tmp/go-fifo; echo before; read x < /tmp/go-fifo; echo "after $x"; exit 9']));
      await waitForLog(rt, id, 'before');
      const rt2 = await reopen();
      assert.deepEqual((await rt2.listPodSandboxes()).map((s) => [s.id, s.state]), [[sb, 'ready']]);
      const st = await rt2.containerStatus(id);
      assert.equal(st.state, 'running');
      const exited = new Promise<void>((resolve) => {
        const sub = rt2.onContainerEvent((e) => {
          if (e.type === 'exited' && e.containerId === id) {
            void sub.dispose();
            resolve();
          }
        });
      });
      await rt2.execSync(id, ['sh', '-c', 'echo go > /tmp/go-fifo'], 10_000);
      await exited;
      const done = await rt2.containerStatus(id);
      assert.equal(done.exitCode, 9);
      assert.equal(done.reason, 'Error');
      assert.deepEqual(criLines(done.logPath).map((l) => l.text), ['before', 'after go']);
    });
  });
}

// ---- helpers ----

let counter = 0;

export function sandboxConfig(root: string, name: string): PodSandboxConfig {
  const uid = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  return {
    uid, name, namespace: 'default', attempt: 0, hostname: `${name}-host`,
    logDirectory: join(root, 'logs', 'pods', `default_${name}_${uid}`), hostNetwork: true, resources: {},
    labels: { app: name }, annotations: {},
  };
}

export function containerConfig(sandbox: PodSandboxConfig, name: string, command: string[]): ContainerConfig {
  return {
    name, attempt: 0, image: 'busybox:1.36', command, args: [], env: [], mounts: [],
    logPath: join(sandbox.logDirectory, name, '0.log'), stdin: false, stdinOnce: false, tty: false,
    resources: {}, labels: {}, annotations: {},
  };
}

async function startContainer(rt: Runtime, sandboxId: string, cfg: ContainerConfig): Promise<string> {
  const id = await rt.createContainer(sandboxId, cfg);
  await rt.startContainer(id);
  return id;
}

async function waitExited(rt: Runtime, id: string): Promise<ContainerStatus> {
  let st = await rt.containerStatus(id);
  await waitUntilAsync(async () => (st = await rt.containerStatus(id)).state === 'exited', `container ${id} exits`);
  return st;
}

async function waitForLog(rt: Runtime, id: string, text: string): Promise<void> {
  const { logPath } = await rt.containerStatus(id);
  await waitUntil(() => criLines(logPath).some((l) => l.text === text), `log line "${text}"`);
}

async function waitUntil(cond: () => boolean, what: string): Promise<void> {
  await waitUntilAsync(async () => cond(), what);
}

async function waitUntilAsync(cond: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface CriLine {
  time: string;
  stream: string;
  tag: string;
  text: string;
}

/** Parses a CRI log file (missing file → no lines). */
export function criLines(path: string): CriLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l !== '').map((l) => {
    const m = /^(\S+) (stdout|stderr) ([FP]) ([^]*)$/.exec(l);
    assert.ok(m, `not a CRI log line: ${JSON.stringify(l)}`);
    return { time: m[1]!, stream: m[2]!, tag: m[3]!, text: m[4]! };
  });
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    }),
    text: () => Buffer.concat(chunks).toString(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
