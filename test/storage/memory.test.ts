import { createLogger } from '../../src/util/logging.js';
import { openBackend } from '../../src/storage/open-backend.js';
import { runBackendConformance } from './conformance.js';

runBackendConformance('memory', {
  open: () => openBackend('memory://', { logger: createLogger('test') }),
  ttlSlackSeconds: 1,
});
