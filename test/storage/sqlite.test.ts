import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/util/logging.js';
import { openBackend } from '../../src/storage/open-backend.js';
import { runBackendConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'kts-sqlite-conformance-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runBackendConformance('sqlite', {
  open: () => openBackend(`sqlite://${join(dir, 'state.db')}`, { logger: createLogger('test') }),
  ttlSlackSeconds: 1,
});
