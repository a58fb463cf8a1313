// Public surface of perception/: the robot's ears, voice and eyes. Each is a pure core that tests call
// without ROS, plus a thin node that reads and publishes the topics of robot/interfaces.
export * from './audio/pcm.js';
export { resample } from './audio/resample.js';
export { parseWav, writeWav, WavError } from './audio/wav.js';
export { addNoise, atLevel } from './audio/mix.js';
export type { Random } from './audio/mix.js';
export type { SpeechSynthesizer, SpeechLanguage } from './tts/synthesizer.js';
export { SynthesisError } from './tts/synthesizer.js';
export { EspeakSynthesizer, ESPEAK_VOICES } from './tts/espeak.js';
export type { EspeakOptions } from './tts/espeak.js';
export type { PerceptionNode, PerceptionPublisher, PerceptionSubscription, Stamp } from './node-port.js';
export * from './barcode/index.js';
export * from './speech/index.js';
export * from './listen/index.js';
export * from './person/index.js';
export * from './conversation/index.js';
