// Public surface of perception/barcode: wristband and medication-label codes read from camera frames
// (ZXing-C++ through zxing-wasm, its WebAssembly from node_modules), agreement across frames, and the
// node that publishes what the robot's camera reads on /<robot>/barcodes.
export { BarcodeReader, BARCODE_SYMBOLOGIES } from './read-barcodes.js';
export type { BarcodeCode, BarcodeFrame, BarcodeImageInput, BarcodeReadOptions, BarcodeSymbology, BarcodePoint } from './read-barcodes.js';
export { MultiFrameBarcodeReader } from './multi-frame.js';
export type { BarcodeAgreement, MultiFrameBarcodeOptions } from './multi-frame.js';
export { imageToGray, ImageFieldError } from './gray-image.js';
export { BarcodeEngineError } from './zxing-engine.js';
export { attachBarcodeNode, startBarcodeNode } from './barcode-node.js';
export type { BarcodeNodeOptions, BarcodeNodeBinding } from './barcode-node.js';
