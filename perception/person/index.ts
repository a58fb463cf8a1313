// Public surface of perception/person: who the robot's camera sees. Pure cores (image decoding,
// letterboxing, YOLO and CenterNet decoding, NMS, the at-the-bed decision) and two detectors: a
// YOLO-family ONNX model the user supplies (onnxruntime-node), and the offline default, the COCO
// CenterNet that @vladmandic/human ships (TensorFlow.js on WebAssembly). The node publishes
// PersonDetections on /<robot>/people.
export type { PersonBox, PersonDetector, RgbFrame, ScoredBox } from './types.js';
export { PersonDetectionError } from './types.js';
export { frameFromImage as rgbFrameFromImage, IMAGE_ENCODINGS as PERSON_IMAGE_ENCODINGS } from './image.js';
export { letterbox, letterboxGeometry, toFrameBox, LETTERBOX_FILL } from './letterbox.js';
export type { LetterboxGeometry, PixelLayout } from './letterbox.js';
export { iou as boxIou, nms as nonMaxSuppression } from './nms.js';
export { decodeYolo, yoloLayout } from './yolo-decode.js';
export type { YoloLayout, YoloLayoutName, YoloDecodeOptions } from './yolo-decode.js';
export { decodeCenterNet } from './centernet-decode.js';
export { YoloPersonDetector, YOLO_DEFAULTS } from './yolo-detector.js';
export type { YoloOptions } from './yolo-detector.js';
export { CenterNetPersonDetector, CENTERNET_DEFAULTS, defaultCenterNetDir } from './centernet-detector.js';
export type { CenterNetOptions } from './centernet-detector.js';
export { personAtBed, BedsideVote, AT_BED_DEFAULTS } from './at-bed.js';
export type { ImageRegion, AtBedOptions, BedsideDecision } from './at-bed.js';
export { attachPersonDetection } from './person-node.js';
export type { PersonNodeOptions, PersonNodeBinding } from './person-node.js';
export { sharedDefaultDetector } from './default-detector.js';
export { ThreadedCenterNetDetector } from './threaded-detector.js';
export { CachingDetector } from './caching-detector.js';
export { tinyYoloModel } from './onnx/tiny-yolo.js';
export type { TinyYoloOptions } from './onnx/tiny-yolo.js';
export { writeOnnxModel } from './onnx/onnx-model.js';
