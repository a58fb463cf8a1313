// Test-only: an independent PNG reader (zlib's CRC-32 and inflate, all five row filters), so the
// encoder is checked against the format rather than against itself.
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 6 RGBA. */
  colourType: number;
  channels: number;
  data: Buffer;
  chunks: string[];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('no PNG signature');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + len);
    if (crc32(png.subarray(at + 4, at + 8 + len)) !== png.readUInt32BE(at + 8 + len)) throw new Error(`${type}: bad CRC`);
    chunks.push(type);
    if (type === 'IHDR') ihdr = body;
    if (type === 'IDAT') idat.push(body);
    at += 12 + len;
  }
  if (!ihdr) throw new Error('no IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const colourType = ihdr[9]!;
  if (ihdr[8] !== 8 || ihdr[12] !== 0) throw new Error('only 8-bit, non-interlaced PNG is read here');
  const channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[colourType]!;
  const raw = inflateSync(Buffer.concat(idat));
  const row = width * channels;
  const data = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (row + 1)]!;
    for (let i = 0; i < row; i++) {
      const x = raw[y * (row + 1) + 1 + i]!;
      const a = i >= channels ? data[y * row + i - channels]! : 0;
      const b = y > 0 ? data[(y - 1) * row + i]! : 0;
      const c = i >= channels && y > 0 ? data[(y - 1) * row + i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`row ${y}: unknown filter ${filter}`);
      data[y * row + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, colourType, channels, data, chunks };
}
