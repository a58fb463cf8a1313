// The robot's ears on the ROS graph: microphone AudioChunks in; VoiceActivity (on each change) and
// WakeWord out; utterances with their audio to in-process users (the conversation loop), so it can
// "listen until the patient stops". A malformed chunk is logged once per field and skipped; a wake
// word engine that stops is reported and started again, the VAD carrying on meanwhile.
import { AudioChunkError, chunkToPcm, type Pcm } from '../audio/pcm.js';
import type { PerceptionNode, PerceptionPublisher, Stamp } from '../node-port.js';
import { MESSAGE_TYPES, robotNames, type AudioChunk, type VoiceActivity, type WakeWord } from '../../robot/index.js';
import { VoiceActivityDetector, type VoiceEnd, type VoiceStart, type VadOptions } from './voice-activity.js';
import type { WakeWordDetection, WakeWordDetector } from './wake-word.js';

/** What the node logs through: pino's Logger fits. */
export interface ListenLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Times (startS, endS, atS) count seconds of microphone audio since the node started, for utterances
 * and wake words alike. A wake phrase said at the start of a longer sentence ("hello robot, I need a
 * nurse") is reported when the engine's own VAD closes the sentence, about when that utterance ends,
 * sometimes just after it: match a wake word to an utterance by its atS.
 */
export interface ListenEvents {
  'speech-start': VoiceStart;
  /** The patient stopped: the utterance with its 16 kHz audio (pre-roll included). */
  utterance: VoiceEnd;
  'wake-word': WakeWordDetection;
}

export interface ListenOptions {
  robot: string;
  /** A ready detector (kept open on close), or options for one (default settings). */
  vad?: VoiceActivityDetector | VadOptions;
  /** Starts the wake word engine, and starts it again after it stops; omit to listen without one. */
  wakeWord?: () => WakeWordDetector | Promise<WakeWordDetector>;
  /** Header stamps (sim or ROS time); default the wall clock. */
  stamp?: Stamp;
  log: ListenLog;
  /** First wait before restarting a stopped wake word engine (doubles to a minute). Default 1000 ms. */
  restartDelayMs?: number;
}

export interface ListenBinding {
  on<K extends keyof ListenEvents>(event: K, listener: (e: ListenEvents[K]) => void): () => void;
  readonly speaking: boolean;
  /** The wake word engine listening now ("" while none is). */
  readonly wakeWordEngine: string;
  /** How many times the wake word engine was started again after stopping. */
  readonly wakeWordRestarts: number;
  /** Seconds of microphone audio received. */
  readonly heardS: number;
  /** Resolves when every chunk received so far has been through the VAD. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const inWords = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

const wallStamp: Stamp = () => {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), nanosec: (ms % 1000) * 1e6 };
};

export async function startListening(node: PerceptionNode, opts: ListenOptions): Promise<ListenBinding> {
  const names = robotNames(opts.robot);
  const log = opts.log;
  const stamp = opts.stamp ?? wallStamp;
  const frameId = `${opts.robot}/microphone`;
  const ownVad = !(opts.vad instanceof VoiceActivityDetector);
  const vad = opts.vad instanceof VoiceActivityDetector ? opts.vad : await VoiceActivityDetector.create(opts.vad ?? {});
  const activityPub: PerceptionPublisher<VoiceActivity> = node.createPublisher(names.voiceActivity, MESSAGE_TYPES.voiceActivity);
  const wakePub: PerceptionPublisher<WakeWord> = node.createPublisher(names.wakeWord, MESSAGE_TYPES.wakeWord);
  const listeners: { [K in keyof ListenEvents]: Set<(e: ListenEvents[K]) => void> } = { 'speech-start': new Set(), utterance: new Set(), 'wake-word': new Set() };
  const emit = <K extends keyof ListenEvents>(event: K, e: ListenEvents[K]) => {
    for (const l of [...listeners[event]]) {
      try {
        l(e);
      } catch (err) {
        log.error({ err, event }, 'a listener of the robot\'s ears threw; listening goes on');
      }
    }
  };

  let closed = false;
  let heardS = 0;
  const said = new Set<string>();
  const once = (key: string, write: () => void) => {
    if (said.has(key)) return;
    said.add(key);
    write();
  };

  // ---- wake word: started, watched, started again ----
  let wake: WakeWordDetector | undefined;
  let restarts = 0;
  const firstDelay = opts.restartDelayMs ?? 1000;
  let delay = firstDelay;
  let restartTimer: NodeJS.Timeout | undefined;
  const startWake = async (): Promise<void> => {
    if (!opts.wakeWord || closed) return;
    let detector: WakeWordDetector;
    try {
      detector = await opts.wakeWord();
    } catch (err) {
      once(`wake-start:${(err as Error).message}`, () => log.error({ topic: names.microphone }, `wake word engine could not start: ${(err as Error).message}; trying again in ${inWords(delay)}`));
      scheduleRestart();
      return;
    }
    if (closed) {
      await detector.close();
      return;
    }
    wake = detector;
    // The engine counts from its own start; the node's timeline from the first chunk.
    const offsetS = heardS;
    const startedAt = Date.now();
    log.info({ engine: detector.engine, phrase: detector.phrase }, detector.description);
    detector.onDetection((d) => {
      if (wake !== detector) return;
      const heard = { ...d, atS: d.atS + offsetS };
      wakePub.publish({ header: { stamp: stamp(), frame_id: frameId }, phrase: d.phrase, engine: d.engine, confidence: d.confidence });
      emit('wake-word', heard);
    });
    detector.onFailure((err) => {
      if (wake !== detector) return;
      wake = undefined;
      // An engine that ran well for a while gets the quick restart again.
      if (Date.now() - startedAt > 60_000) delay = firstDelay;
      log.error({ engine: detector.engine }, `${err.message}; starting it again in ${inWords(delay)}`);
      void detector.close();
      scheduleRestart();
    });
  };
  const scheduleRestart = () => {
    if (closed || restartTimer) return;
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarts++;
      void startWake();
    }, delay);
    delay = Math.min(60_000, delay * 2);
  };
  await startWake();

  // ---- voice activity ----
  let queue: Promise<void> = Promise.resolve();
  const hear = (pcm: Pcm) => {
    let fed: ReturnType<VoiceActivityDetector['feed']>;
    try {
      fed = vad.feed(pcm);
    } catch (err) {
      fed = Promise.reject(err as Error);
    }
    const run = fed.then((step) => {
      for (const e of step.events) {
        if (closed) return;
        activityPub.publish({ header: { stamp: stamp(), frame_id: frameId }, speaking: e.type === 'speech-start', probability: e.probability });
        if (e.type === 'speech-start') emit('speech-start', e);
        else emit('utterance', e);
      }
    });
    queue = queue.then(() => run).catch((err: Error) => once(`vad:${err.message}`, () => log.error({ topic: names.microphone }, `voice activity detection failed on a chunk: ${err.message}`)));
  };

  const sub = node.createSubscription<AudioChunk>(names.microphone, MESSAGE_TYPES.microphone, (msg) => {
    if (closed) return;
    let pcm: Pcm;
    try {
      if (!msg || typeof msg !== 'object') throw new AudioChunkError('message: not an AudioChunk object');
      if (typeof msg.data !== 'string' && !Array.isArray(msg.data)) throw new AudioChunkError('data: missing; expected S16LE bytes (base64 text or a number array)');
      pcm = chunkToPcm(msg);
    } catch (err) {
      const field = /^(\w+):/.exec((err as Error).message)?.[1] ?? 'data';
      once(`chunk:${field}`, () => log.warn({ topic: names.microphone, field }, `microphone chunk skipped: ${(err as Error).message} (said once per field)`));
      return;
    }
    if (!pcm.samples.length) return;
    if (pcm.sampleRate !== 16_000) once(`rate:${pcm.sampleRate}`, () => log.info({ topic: names.microphone, sampleRate: pcm.sampleRate }, `microphone sends ${pcm.sampleRate} Hz audio: resampled to 16 kHz (a 16 kHz microphone saves the work)`));
    heardS += pcm.samples.length / pcm.sampleRate;
    hear(pcm);
    wake?.feed(pcm);
  });

  return {
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    get speaking() { return vad.speaking; },
    get wakeWordEngine() { return wake?.engine ?? ''; },
    get wakeWordRestarts() { return restarts; },
    get heardS() { return heardS; },
    settled: () => queue,
    async close() {
      if (closed) return;
      closed = true;
      if (restartTimer) clearTimeout(restartTimer);
      sub.destroy?.();
      await queue;
      await wake?.close();
      wake = undefined;
      activityPub.destroy?.();
      wakePub.destroy?.();
      if (ownVad) await vad.release();
    },
  };
}
