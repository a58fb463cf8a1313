// Public surface of perception/speech: what the patient said (pocketsphinx offline for English, an
// OpenAI-compatible transcription server for Mandarin and English, a router between them) and the
// robot's voice played out on its speaker topic, stopped at once when the patient starts to speak.
export { SpeechRecognitionError, SpeechConfigError, speechLanguage, checkHint, hintFromAskGoal, normaliseHeard } from './recognizer.js';
export type { SpeechRecognizer, Recognition, RecognitionHint, RecognizeOptions } from './recognizer.js';
export { PocketsphinxRecognizer, DEFAULT_MIN_CONFIDENCE } from './pocketsphinx.js';
export type { PocketsphinxOptions } from './pocketsphinx.js';
export { POCKETSPHINX_EN_MODEL, POCKETSPHINX_EN_DICTIONARY } from './pronunciations.js';
export { TranscriptionServerRecognizer, transcriptionConfigFromEnv, ASR_ENV } from './transcription-server.js';
export type { TranscriptionServerConfig } from './transcription-server.js';
export { SpeechRouter, createSpeechRecognition } from './router.js';
export type { SpeechRouterOptions, SpeechRecognitionConfig } from './router.js';
export { SpeechOutput, speechWav, wallClock, textUpTo } from './speech-output.js';
export type { SpeechClock, SpeechEnd, SpeechEndStatus, Speaking, SayOptions, SpeechOutputOptions } from './speech-output.js';
export { attachSpeaker, attachRecognition } from './speech-nodes.js';
export type { SpeakerNode, SpeakerNodeOptions, RecognitionNode, RecognitionNodeOptions } from './speech-nodes.js';
export { synthesizeUtterance, WARD_ROUND_ANSWERS, seededRandom as speechTestRandom } from './synthetic-speech.js';
export type { SpokenAnswer, UtteranceOptions } from './synthetic-speech.js';
