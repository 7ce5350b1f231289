/** What the cache components log through (a pino Logger fits). */
export interface CacheLogger {
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}
