import { BadRequestError } from '../../../util/errors.js';
import type { OpenBackend } from '../../driver.js';
import { LogStructuredBackend } from '../../logstructured/backend.js';
import { MemoryLog } from './memory-log.js';

/** `memory://` — a store that lives and dies with the process (tests, throwaway clusters). */
export const open: OpenBackend = async (endpoint) => {
  if (endpoint !== 'memory://') throw new BadRequestError(`invalid memory endpoint ${endpoint}: use memory://`);
  return new LogStructuredBackend(new MemoryLog());
};
