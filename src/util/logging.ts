import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process-wide structured logger (JSON lines on stderr; level from KTS_LOG_LEVEL, default
 * info). Components take a child logger named after themselves.
 */
const root: Logger = pino(
  { level: process.env['KTS_LOG_LEVEL'] ?? 'info', base: { pid: process.pid } },
  pino.destination({ dest: 2, sync: true }),
);

export function createLogger(component: string): Logger {
  return root.child({ component });
}
