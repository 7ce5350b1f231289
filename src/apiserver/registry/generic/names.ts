import { randomBytes, randomUUID } from 'node:crypto';

/** Characters upstream's names.SimpleNameGenerator uses (no vowels, no look-alikes). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
/** Longest name prefix kept so that prefix + suffix fits 63 characters (upstream maxGeneratedNameLength). */
const MAX_PREFIX = 63 - RANDOM_LENGTH;

/** `generateName` + 5 random characters, as upstream generates names. */
export function generateName(prefix: string): string {
  const bytes = randomBytes(RANDOM_LENGTH);
  let suffix = '';
  for (const b of bytes) suffix += ALPHABET[b % ALPHABET.length];
  return prefix.slice(0, MAX_PREFIX) + suffix;
}

export function newUid(): string {
  return randomUUID();
}
