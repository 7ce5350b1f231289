import { readFileSync } from 'node:fs';

/** The Kubernetes version kts speaks (its API, kubectl compatibility and `/version`). */
export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' } as const;

/** kts's own version, from package.json (read once at startup). */
export const KTS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
