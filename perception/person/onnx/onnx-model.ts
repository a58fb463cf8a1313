// Writing small ONNX models (onnx.proto3: ModelProto, GraphProto, NodeProto, TensorProto,
// ValueInfoProto, AttributeProto) without a protobuf library, so tests and benchmarks can make a
// real model file that onnxruntime loads and runs.
import { ProtoWriter } from './protobuf.js';

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  /** float32 or int64 values, row-major. */
  values: Float32Array | BigInt64Array;
}

export type OnnxAttribute =
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; ints: readonly number[] }
  | { name: string; floats: readonly number[] };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: readonly OnnxAttribute[];
}

export interface OnnxValue {
  name: string;
  /** Element type: ONNX_FLOAT or ONNX_INT64. */
  type: number;
  /** A number for a fixed size, a string for a symbolic one ("batch"). */
  shape: readonly (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  /** Default opset 13. */
  opset?: number;
  producer?: string;
}

// Field numbers from onnx.proto3.
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTR = { name: 1, f: 2, i: 3, floats: 7, ints: 8, type: 20 } as const;
const ATTR_TYPE = { FLOAT: 1, INT: 2, FLOATS: 6, INTS: 7 } as const;
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 } as const;

/** The bytes of an .onnx file for `graph`. */
export function writeOnnxModel(graph: OnnxGraph): Uint8Array {
  const opset = graph.opset ?? 13;
  return new ProtoWriter()
    // IR version 7 goes with opsets 13–14; onnxruntime reads newer IR too.
    .varint(MODEL.irVersion, 7)
    .string(MODEL.producerName, graph.producer ?? 'ward-robot-stack')
    .message(MODEL.graph, (g) => {
      for (const n of graph.nodes) g.message(GRAPH.node, (w) => writeNode(w, n));
      g.string(GRAPH.name, graph.name);
      for (const t of graph.initializers) g.message(GRAPH.initializer, (w) => writeTensor(w, t));
      for (const v of graph.inputs) g.message(GRAPH.input, (w) => writeValue(w, v));
      for (const v of graph.outputs) g.message(GRAPH.output, (w) => writeValue(w, v));
    })
    .message(MODEL.opsetImport, (w) => w.string(1, '').varint(2, opset))
    .finish();
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(NODE.input, i);
  for (const o of n.outputs) w.string(NODE.output, o);
  if (n.name) w.string(NODE.name, n.name);
  w.string(NODE.opType, n.op);
  for (const a of n.attributes ?? []) {
    w.message(NODE.attribute, (aw) => {
      aw.string(ATTR.name, a.name);
      if ('int' in a) aw.varint(ATTR.i, a.int).varint(ATTR.type, ATTR_TYPE.INT);
      else if ('float' in a) aw.float(ATTR.f, a.float).varint(ATTR.type, ATTR_TYPE.FLOAT);
      else if ('ints' in a) {
        for (const v of a.ints) aw.varint(ATTR.ints, v);
        aw.varint(ATTR.type, ATTR_TYPE.INTS);
      } else {
        for (const v of a.floats) aw.float(ATTR.floats, v);
        aw.varint(ATTR.type, ATTR_TYPE.FLOATS);
      }
    });
  }
}

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.values.length !== count) throw new RangeError(`ONNX tensor ${t.name}: ${t.values.length} values for dims [${t.dims.join(', ')}]`);
  for (const d of t.dims) w.varint(TENSOR.dims, d);
  w.varint(TENSOR.dataType, t.values instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64);
  w.string(TENSOR.name, t.name);
  // raw_data is little-endian, which is what typed arrays hold on every machine Node runs on here.
  w.bytes(TENSOR.rawData, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
}

function writeValue(w: ProtoWriter, v: OnnxValue): void {
  w.string(1, v.name);
  // TypeProto.tensor_type { elem_type, shape { dim { dim_value | dim_param } } }
  w.message(2, (type) => type.message(1, (tensor) => {
    tensor.varint(1, v.type);
    tensor.message(2, (shape) => {
      for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
    });
  }));
}
