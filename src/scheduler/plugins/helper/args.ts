/** Reading plugin args from a KubeSchedulerConfiguration: errors name the field. */
export class PluginArgsError extends Error {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PluginArgsError';
  }
}

/** `args` as a plain object (undefined/null → {}), or an error naming `field`. */
export function argsObject(args: unknown, field: string): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new PluginArgsError(field, 'must be an object');
  return args as Record<string, unknown>;
}
