import { Command } from 'commander';
import { StatusError } from '../util/errors.js';
import { isAbortError } from '../util/lifecycle.js';
import { KTS_VERSION } from '../util/version.js';
import { registerAgent } from './commands/agent.js';
import { registerScheduler } from './commands/scheduler.js';
import { registerServer } from './commands/server.js';
import { registerSim } from './commands/sim.js';
import { registerVersion } from './commands/version.js';

/** Exit status for errors the user can act on (bad flags, unusable store, data dir in use). */
const EXIT_USER_ERROR = 1;

const program = new Command()
  .name('kts')
  .description('kts: a Kubernetes-compatible cluster in one program (Kubernetes v1.32 API)')
  .version(KTS_VERSION, '--version', 'print the kts version')
  .showHelpAfterError();
registerServer(program);
registerAgent(program);
registerSim(program);
registerScheduler(program);
registerVersion(program);

try {
  await program.parseAsync();
} catch (err) {
  if (isAbortError(err)) process.exit(0); // stopped by a signal while starting
  if (err instanceof StatusError) {
    process.stderr.write(`kts: error: ${err.message}\n`);
    process.exit(EXIT_USER_ERROR);
  }
  throw err;
}
