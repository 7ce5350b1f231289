import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { encodeHeaderBlock, parseHeaderBlock } from './header-block.js';
import { adler32, HeaderCompressor, HeaderDecompressor } from './header-compression.js';
import { encodeData, encodeGoaway, encodePing, encodeRstStream, encodeSettings, encodeSynStream, encodeWindowUpdate, FrameParser } from './frames.js';
import { SpdySession } from './session.js';
import type { SpdyStream } from './stream.js';

test('the SPDY/3 dictionary has the published length and Adler-32', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(adler32(SPDY3_DICTIONARY), 0xe3c6a7c2);
  assert.equal(adler32(Buffer.from('Wikipedia')), 0x11e60398);
});

test('header blocks round-trip, with multi-valued headers and partial input', () => {
  const block = encodeHeaderBlock([['StreamType', 'data'], ['port', '8080'], ['x', ['a', 'b']]]);
  assert.equal(parseHeaderBlock(block.subarray(0, block.length - 1)), undefined);
  const parsed = parseHeaderBlock(block)!;
  assert.equal(parsed.consumed, block.length);
  assert.deepEqual([...parsed.headers], [['streamtype', ['data']], ['port', ['8080']], ['x', ['a', 'b']]]);
});

test('compressed header blocks inflate with plain zlib and the dictionary, block by block', async () => {
  const c = new HeaderCompressor();
  const first = c.compress(encodeHeaderBlock([['a', '1']]));
  const second = c.compress(encodeHeaderBlock([['b', 'x'.repeat(70000)]]));
  // Each block ends with the sync-flush marker.
  assert.deepEqual([...first.subarray(-4)], [0x00, 0x00, 0xff, 0xff]);
  const inflated = zlib.inflateSync(Buffer.concat([first, second]), { dictionary: SPDY3_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const one = parseHeaderBlock(inflated)!;
  assert.deepEqual([...one.headers], [['a', ['1']]]);
  assert.equal(parseHeaderBlock(inflated.subarray(one.consumed))!.headers.get('b')![0]!.length, 70000);
  // And our decompressor reads what real zlib (with compression) produced, in sequence.
  const deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
  const chunks: Buffer[] = [];
  deflate.on('data', (d: Buffer) => chunks.push(d));
  const d = new HeaderDecompressor();
  for (const value of ['one', 'two', 'three']) {
    deflate.write(encodeHeaderBlock([['streamtype', value]]));
    await new Promise<void>((r) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => setImmediate(r)));
    const compressed = Buffer.concat(chunks.splice(0));
    assert.deepEqual((await d.decompress(compressed)).get('streamtype'), [value]);
  }
  await assert.rejects(d.decompress(Buffer.from('garbage that is not deflate')), /header decompression failed|incomplete header block/);
  d.close();
  deflate.close();
});

test('the frame parser splits frames across chunk boundaries and rejects other versions', () => {
  const frames = Buffer.concat([
    encodeSynStream(1, 0, Buffer.from('hb')),
    encodeData(1, 1, Buffer.from('hello')),
    encodeRstStream(3, 5),
    encodeSettings([{ id: 7, value: 65536 }]),
    encodePing(7),
    encodeGoaway(1, 0),
    encodeWindowUpdate(1, 100),
  ]);
  const parser = new FrameParser();
  const out = [];
  for (let i = 0; i < frames.length; i += 3) out.push(...parser.push(frames.subarray(i, i + 3)));
  assert.deepEqual(out.map((f) => f.type), ['syn_stream', 'data', 'rst_stream', 'settings', 'ping', 'goaway', 'window_update']);
  assert.deepEqual(out[1], { type: 'data', streamId: 1, flags: 1, data: Buffer.from('hello') });
  assert.deepEqual(out[3], { type: 'settings', flags: 0, entries: [{ flags: 0, id: 7, value: 65536 }] });
  const v2 = Buffer.from(encodePing(1));
  v2.writeUInt16BE(0x8002, 0);
  assert.throws(() => new FrameParser().push(v2), /unsupported SPDY version 2/);
});

/** A client and a server session over a real TCP connection. */
async function sessionPair(onStream: (s: SpdyStream) => void): Promise<{ client: SpdySession; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    new SpdySession(socket, { role: 'server', onStream });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  const client = new SpdySession(socket, { role: 'client' });
  return {
    client,
    close: async () => {
      client.close();
      socket.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

test('sessions: concurrent streams echo megabytes both ways, half-close, refusal by reset', async () => {
  const { client, close } = await sessionPair((stream) => {
    if (stream.headers.get('mode')?.[0] === 'refuse') {
      stream.reset(3);
      return;
    }
    stream.reply();
    stream.pipe(stream); // echo, ending our side after the peer's FIN
  });
  try {
    const payload = Buffer.alloc(2 * 1024 * 1024, 'abcdefgh');
    const echo = async (n: number): Promise<Buffer> => {
      const s = await client.openStream([['n', String(n)]]);
      const got: Buffer[] = [];
      s.on('data', (d: Buffer) => got.push(d));
      s.end(payload);
      await once(s, 'end');
      return Buffer.concat(got);
    };
    const results = await Promise.all([echo(1), echo(2), echo(3)]);
    for (const r of results) assert.ok(r.equals(payload));
    await assert.rejects(client.openStream([['mode', 'refuse']]), /reset by peer \(status 3\)/);
  } finally {
    await close();
  }
});
