import type { FileHandle } from 'node:fs/promises';

const BLOCK = 64 * 1024;

/**
 * The byte offset where the last `lines` lines of the file begin (model: kubelet
 * pkg/util/tail FindTailLineStartIndex). Lines are raw file lines; a trailing newline at the end
 * of the file does not start an empty line. `lines` 0 yields the file size.
 */
export async function findTailStartOffset(file: FileHandle, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  let end = size;
  let found = 0;
  const buf = Buffer.allocUnsafe(BLOCK);
  // Skip the newline that terminates the last line.
  let skipLastNewline = true;
  while (end > 0) {
    const start = Math.max(0, end - BLOCK);
    const { bytesRead } = await file.read(buf, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buf[i] !== 0x0a) {
        skipLastNewline = false;
        continue;
      }
      if (skipLastNewline && start + i === size - 1) {
        skipLastNewline = false;
        continue;
      }
      found++;
      if (found === lines) return start + i + 1;
    }
    end = start;
  }
  return 0;
}
