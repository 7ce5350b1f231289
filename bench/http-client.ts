/** A keep-alive HTTP client for benchmarks: one shared agent, bodies as text. */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Answer {
  status: number;
  text: string;
}

export function call(port: number, method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'Content-Type': contentType } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Calls and requires `expected`, else throws with the server's answer. */
export async function expectStatus(port: number, method: string, path: string, expected: number, body?: string): Promise<Answer> {
  const answer = await call(port, method, path, body);
  if (answer.status !== expected) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer;
}

/** Closes the kept-alive sockets (at the end of a benchmark). */
export function closeClient(): void {
  agent.destroy();
}
