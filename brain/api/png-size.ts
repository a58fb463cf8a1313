import { openSync, readSync, closeSync } from 'node:fs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Pixel width and height from a PNG's IHDR chunk, reading only the first 24 bytes of the file. */
export function pngSize(file: string): { width: number; height: number } {
  const head = Buffer.alloc(24);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  // The first chunk of every PNG is IHDR: 4-byte length, "IHDR", then width and height (big-endian).
  if (n < 24 || !head.subarray(0, 8).equals(SIGNATURE) || head.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error(`${file}: not a PNG image (no PNG signature and IHDR header)`);
  }
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}
