import { once } from 'node:events';
import { createServer } from 'node:net';

/** `count` loopback TCP ports that were free a moment ago (bound to port 0, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(async (s) => {
        s.listen(0, '127.0.0.1');
        await once(s, 'listening');
        const address = s.address();
        if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
        return address.port;
      }),
    );
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
