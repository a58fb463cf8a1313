// A minimal PNG encoder (8-bit grey, RGB or RGBA; one IDAT; zlib from node:zlib). Camera frames go to
// a language model and to people as PNG; this is all of PNG that needs, without a dependency.
import { deflateSync } from 'node:zlib';

/** Tightly packed 8-bit pixels, rows top to bottom. */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG colour type by channel count: grey, truecolour, truecolour with alpha. */
const COLOUR_TYPE = { 1: 0, 3: 2, 4: 6 } as const;
/** Filter type "Up": rows of a rendered or photographed scene repeat their neighbour above. */
const FILTER_UP = 2;

export function encodePng(px: Pixels): Buffer {
  const { width, height, channels, data } = px;
  const rowBytes = width * channels;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new RangeError(`PNG size must be positive whole numbers, got ${width}×${height}`);
  }
  if (data.length !== rowBytes * height) {
    throw new RangeError(`PNG pixel data: expected ${rowBytes * height} bytes for ${width}×${height}×${channels}, got ${data.length}`);
  }
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const out = y * (rowBytes + 1);
    const row = y * rowBytes;
    raw[out] = FILTER_UP;
    for (let i = 0; i < rowBytes; i++) {
      const above = y > 0 ? data[row - rowBytes + i]! : 0;
      raw[out + 1 + i] = (data[row + i]! - above) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = COLOUR_TYPE[channels];
  // compression 0 (deflate), filter method 0, interlace 0: already zero.
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

let table: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG chunks use); node:zlib has one only from Node 20.15. */
export function crc32(bytes: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
