import type { Command } from 'commander';
import { KTS_VERSION, KUBERNETES_VERSION } from '../../util/version.js';

export function registerVersion(program: Command): void {
  program
    .command('version')
    .description('print the kts version and the Kubernetes version it speaks')
    .action(() => {
      process.stdout.write(`kts version v${KTS_VERSION} (Kubernetes ${KUBERNETES_VERSION.gitVersion})\n`);
    });
}
