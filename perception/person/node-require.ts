// Node's own require, for the native and WebAssembly runtimes (onnxruntime-node, TensorFlow.js). A test
// runner that runs modules in a realm of their own (Jest) hands out a require of its realm, where
// those runtimes would find typed arrays foreign; process.getBuiltinModule (Node ≥ 20.16) reaches the
// real one. (perception/listen does the same for Silero.)
import { createRequire } from 'node:module';

export function nodeRequire(): NodeJS.Require {
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  return (builtin ?? { createRequire }).createRequire(import.meta.url);
}
