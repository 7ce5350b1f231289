import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { readCriLog, type ReadLogOptions } from './read-log.js';
import { parseRfc3339Nanos } from './cri-log-line.js';

const LOG = [
  '2024-05-01T10:00:01Z stdout F one',
  '2024-05-01T10:00:02.5Z stderr F two',
  '2024-05-01T10:00:03Z stdout P thr',
  '2024-05-01T10:00:03.1Z stdout P e',
  'not a record',
  '2024-05-01T10:00:04Z stdout F e',
  '2024-05-01T10:00:05Z stdout F five',
].join('\n') + '\n';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kts-logs-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString();
  }
}

async function read(path: string, opts: Partial<ReadLogOptions>): Promise<string> {
  const out = new Collect();
  await readCriLog(path, { timestamps: false, follow: false, ...opts }, out);
  return out.text;
}

test('reads a whole file, joining partial records and skipping malformed ones', async () => {
  await withDir(async (dir) => {
    const path = join(dir, '0.log');
    await writeFile(path, LOG);
    assert.equal(await read(path, {}), 'one\ntwo\nthree\nfive\n');
    assert.equal(
      await read(path, { timestamps: true }),
      '2024-05-01T10:00:01Z one\n2024-05-01T10:00:02.5Z two\n2024-05-01T10:00:03Z three\n2024-05-01T10:00:05Z five\n',
    );
  });
});

test('tailLines, sinceTime and limitBytes', async () => {
  await withDir(async (dir) => {
    const path = join(dir, '0.log');
    await writeFile(path, LOG);
    assert.equal(await read(path, { tailLines: 1 }), 'five\n');
    assert.equal(await read(path, { tailLines: 2 }), 'e\nfive\n');
    assert.equal(await read(path, { tailLines: 0 }), '');
    assert.equal(await read(path, { tailLines: 100 }), 'one\ntwo\nthree\nfive\n');
    assert.equal(await read(path, { sinceNanos: parseRfc3339Nanos('2024-05-01T10:00:02Z') }), 'two\nthree\nfive\n');
    assert.equal(await read(path, { limitBytes: 6 }), 'one\ntw');
    assert.equal(await read(path, { limitBytes: 4 }), 'one\n');
    // An unterminated last record still counts when not following.
    await appendFile(path, '2024-05-01T10:00:06Z stdout F six');
    assert.equal(await read(path, { tailLines: 1 }), 'six\n');
  });
});

test('an empty or missing file', async () => {
  await withDir(async (dir) => {
    const path = join(dir, '0.log');
    await writeFile(path, '');
    assert.equal(await read(path, { tailLines: 3 }), '');
    await assert.rejects(read(join(dir, 'missing.log'), {}), /ENOENT/);
  });
});

/** Resolves once `out` has received text containing `want`. */
function waitFor(out: PassThrough, want: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.includes(want)) {
        out.off('data', onData);
        resolve();
      }
    };
    out.on('data', onData);
  });
}

test('follow streams appended lines and ends once the container stops and the file is drained', async () => {
  await withDir(async (dir) => {
    const path = join(dir, '0.log');
    await writeFile(path, '2024-05-01T10:00:01Z stdout F first\n');
    let running = true;
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const firstSeen = waitFor(out, 'first\n');
    const done = readCriLog(path, { timestamps: false, follow: true }, out, { isRunning: async () => running });
    await firstSeen;
    const secondSeen = waitFor(out, 'second\n');
    await appendFile(path, '2024-05-01T10:00:02Z stdout F second\n');
    await secondSeen;
    // Lines written right before the container stops still arrive.
    await appendFile(path, '2024-05-01T10:00:03Z stdout P thi');
    await appendFile(path, '\n2024-05-01T10:00:03Z stdout F rd\n');
    running = false;
    await done;
    assert.equal(text, 'first\nsecond\nthird\n');
  });
});

test('follow reopens the file after rotation and stops on abort', async () => {
  await withDir(async (dir) => {
    const path = join(dir, '0.log');
    await writeFile(path, '2024-05-01T10:00:01Z stdout F old\n');
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const abort = new AbortController();
    const oldSeen = waitFor(out, 'old\n');
    const done = readCriLog(path, { timestamps: false, follow: true }, out, { isRunning: async () => true, signal: abort.signal });
    await oldSeen;
    const newSeen = waitFor(out, 'new\n');
    await appendFile(path, '2024-05-01T10:00:02Z stdout F old-tail\n');
    await rename(path, join(dir, '0.log.20240501-100002'));
    await writeFile(path, '2024-05-01T10:00:03Z stdout F new\n');
    await newSeen;
    abort.abort();
    await done;
    assert.equal(text, 'old\nold-tail\nnew\n');
  });
});

test('limitBytes ends a follow', async () => {
  await withDir(async (dir) => {
    const path = join(dir, '0.log');
    await writeFile(path, '2024-05-01T10:00:01Z stdout F before\n');
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const done = readCriLog(path, { timestamps: false, follow: true, limitBytes: 10 }, out, { isRunning: async () => true });
    await appendFile(path, '2024-05-01T10:00:02Z stdout F after-this\n');
    await done;
    assert.equal(text, 'before\naft');
  });
});
