import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';

/**
 * Writes `<dataDir>/kubeconfig`: an admin kubeconfig for the API server at `serverUrl` (mode 0600,
 * replaced at every start so it always names the current address). Returns its path.
 */
export function writeAdminKubeconfig(dataDir: string, serverUrl: string): string {
  const path = resolve(dataDir, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kts', cluster: { server: serverUrl } }],
    users: [{ name: 'kts-admin', user: {} }],
    contexts: [{ name: 'kts', context: { cluster: 'kts', user: 'kts-admin' } }],
    'current-context': 'kts',
    preferences: {},
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
  return path;
}
