// The little of the protobuf wire format an ONNX file needs: varints, length-delimited fields and
// fixed32 floats (https://protobuf.dev/programming-guides/encoding/). Writing only.

/** Wire types: 0 varint, 2 length-delimited, 5 fixed 32-bit. */
const VARINT = 0;
const LEN = 2;
const FIXED32 = 5;

export class ProtoWriter {
  private chunks: Uint8Array[] = [];

  /** An int32/int64/enum/bool field. Negative values are written as 10-byte two's complement. */
  varint(field: number, value: number | bigint): this {
    this.tag(field, VARINT);
    this.rawVarint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LEN);
    this.rawVarint(BigInt(value.length));
    this.chunks.push(value);
    return this;
  }

  /** An embedded message. */
  message(field: number, build: (w: ProtoWriter) => unknown): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.chunks.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  private rawVarint(v: bigint): void {
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      out.push(byte);
    } while (v > 0n);
    this.chunks.push(Uint8Array.from(out));
  }
}
