import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The ServiceAccount signing key at `path` (PEM): read when it exists, otherwise generated once
 * (RSA 2048, PKCS#1 like kubeadm's sa.key) and written with mode 0600. Created exclusively, so
 * two servers racing on one data dir cannot end up with different keys. Generation runs off the
 * main thread (about 100–200 ms of CPU), so a first start can open the store meanwhile.
 */
export async function loadOrCreateSigningKey(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  try {
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8');
    throw err;
  }
  chmodSync(path, 0o600); // the umask may have narrowed it further; never wider
  return pem;
}
