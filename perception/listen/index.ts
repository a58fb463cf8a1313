// Public surface of perception/listen: the robot's ears before understanding — when someone speaks
// (Silero VAD) and whether they said the wake phrase (pocketsphinx offline, Porcupine with a key).
export { SileroVadModel, VadModelError, packagedSileroModel, SILERO_FRAME, SILERO_RATE } from './silero-model.js';
export type { SileroOptions } from './silero-model.js';
export { VoiceActivityDetector, VadConfigError, VadInputError } from './voice-activity.js';
export type { VadOptions, VadFrame, VadEvent, VadStep, VoiceStart, VoiceEnd } from './voice-activity.js';
export { StreamResampler } from './stream-resampler.js';
export { WakeWordConfigError, WakeWordFailure } from './wake-word.js';
export type { WakeWordDetection, WakeWordDetector } from './wake-word.js';
export type { ExtraDictionary } from './pronunciation.js';
export { PocketsphinxWakeWord, DEFAULT_WAKE_PHRASE, DEFAULT_POCKETSPHINX_THRESHOLD, POCKETSPHINX_MODEL_DIR, POCKETSPHINX_DICTIONARY } from './pocketsphinx.js';
export type { PocketsphinxWakeWordOptions } from './pocketsphinx.js';
export { PorcupineWakeWord, PICOVOICE_KEY_ENV, readablePorcupineError, phraseOfKeywordFile } from './porcupine.js';
export type { PorcupineOptions } from './porcupine.js';
export { createWakeWordDetector, wakeWordStarter } from './wake-word-factory.js';
export type { WakeWordConfig, WakeWordEngine, StartedWakeWord } from './wake-word-factory.js';
export { startListening } from './listen-node.js';
export type { ListenOptions, ListenBinding, ListenEvents, ListenLog } from './listen-node.js';
export { buildWakeWordTestSet, scoreWakeWord, roomNoise, seededRandom, WARD_SPEECH, NEAR_MISSES, WAKE_VOICES } from './wake-word-test-set.js';
export type { WakeWordTestSet, WakeWordTestSetOptions, WakeWordScore, TestSegment } from './wake-word-test-set.js';
