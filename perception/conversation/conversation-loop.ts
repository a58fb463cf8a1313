// The robot's conversation loop: the ears (listen), understanding (recognition, which publishes on
// patient_speech) and the voice (speaker) joined into turns. An answer to a question the robot has
// just asked needs no wake word; anything else counts only after the wake phrase, which the robot
// acknowledges aloud. What is not understood is said to be not understood, in the patient's
// language, with the screen offered instead: the robot never guesses.
import type { Pcm } from '../audio/pcm.js';
import type { ListenBinding, ListenLog, VoiceEnd, WakeWordDetection } from '../listen/index.js';
import type { Recognition, RecognitionHint, RecognitionNode, SpeakerNode, SpeechClock, SpeechEnd, Speaking } from '../speech/index.js';
import { speechLanguage, wallClock } from '../speech/index.js';
import type { SpeechLanguage } from '../tts/synthesizer.js';
import { LOOP_PHRASES } from './phrases.js';

export interface ExpectedAnswer {
  hint?: RecognitionHint;
  questionId?: string;
  /** The language the question was asked in, and the answer is expected in. */
  language: SpeechLanguage | string;
}

export type ConversationEvent =
  | { type: 'ignored'; reason: 'own-voice' | 'no-wake-word'; startS: number; endS: number }
  | { type: 'wake'; atS: number; inUtterance: boolean }
  | { type: 'recognised'; answer: boolean; result: Recognition; startS: number; endS: number }
  | { type: 'said'; text: string; language: SpeechLanguage; purpose: 'listening' | 'not-understood' | 'language-not-served' | 'robot' }
  | { type: 'barge-in'; heardText: string };

export interface ConversationOptions {
  listen: Pick<ListenBinding, 'on' | 'heardS'>;
  recognition: Pick<RecognitionNode, 'hear'>;
  speaker: Pick<SpeakerNode, 'say' | 'output'>;
  /** The patient's language when no question says otherwise (the patient in the bed); default English. */
  language?: () => SpeechLanguage;
  /** The robot's clock (the simulator's SimTimers fits); default the wall clock. */
  clock?: SpeechClock;
  /**
   * Stops the robot's time while slow work runs on its behalf (the simulator's SimClock.hold), so a
   * recogniser's wall time costs no simulated time. Omit on a real robot.
   */
  hold?: () => () => void;
  /** How long after the robot acknowledged the wake phrase it takes free speech (default 8 s). */
  wakeWindowS?: number;
  /** Wall time an utterance waits for its wake word to be reported (default 2000 ms). */
  wakeGraceMs?: number;
  /** Stop the robot's speech when the patient starts to speak (default true). */
  bargeIn?: boolean;
  log: ListenLog;
  onEvent?: (e: ConversationEvent) => void;
}

export interface ConversationLoop {
  /** The robot has asked a question: the next utterance is its answer, recognised with the hint. Returns a cancel. */
  expectAnswer(expected: ExpectedAnswer): () => void;
  /** Says something in the robot's voice, so the loop knows when the robot itself was talking. */
  say(text: string, language: SpeechLanguage): Speaking;
  /** Resolves when every utterance heard so far has been dealt with. */
  settled(): Promise<void>;
  close(): void;
}

/** Speech after the wake phrase (post-roll included) that makes it a request said in the same breath. */
const ONE_BREATH_MIN_S = 0.8;
/** Margin after the engine's end of the phrase, so its last sound is not taken for a word. */
const AFTER_PHRASE_S = 0.05;
/** The listen node's VAD post-roll (its default). */
const VAD_POST_ROLL_S = 0.2;
/** Own speech that overlaps an utterance by more than this is taken as the robot hearing itself. */
const OWN_VOICE_OVERLAP_S = 0.25;

export function startConversation(opts: ConversationOptions): ConversationLoop {
  const clock = opts.clock ?? wallClock;
  const windowMs = (opts.wakeWindowS ?? 8) * 1000;
  const graceMs = opts.wakeGraceMs ?? 2000;
  const log = opts.log;
  const emit = (e: ConversationEvent) => {
    try {
      opts.onEvent?.(e);
    } catch (err) {
      log.error({ err }, 'a conversation listener threw; the conversation goes on');
    }
  };
  const patientLanguage = () => opts.language?.() ?? 'en';

  let closed = false;
  let expecting: (ExpectedAnswer & { id: number }) | undefined;
  let nextId = 1;
  let wakeUntilMs = -Infinity;
  const wakes: { atS: number; used: boolean }[] = [];
  let wakeArrived: (() => void) | undefined;
  let stopWaiting: (() => void) | undefined;
  let lastDoneEndS = -Infinity;
  // The robot's own speech on its clock. There is no echo cancellation: a microphone beside the
  // speaker hears the robot, so speech overlapping the robot's own (and not stopping it) is not the patient's.
  const ownSpeech: { fromMs: number; toMs: number | undefined; interrupted: boolean }[] = [];

  const say = (text: string, language: SpeechLanguage, purpose: Extract<ConversationEvent, { type: 'said' }>['purpose'] = 'robot'): Speaking => {
    const speaking = opts.speaker.say(text, language);
    const span = { fromMs: clock.now(), toMs: undefined as number | undefined, interrupted: false };
    ownSpeech.push(span);
    if (ownSpeech.length > 50) ownSpeech.shift();
    void speaking.done.then((end: SpeechEnd) => {
      span.toMs = clock.now();
      span.interrupted = end.status === 'interrupted';
    });
    emit({ type: 'said', text, language, purpose });
    return speaking;
  };

  /**
   * The utterance's span on the robot's clock: from when the VAD said speech started to when its end
   * was heard (`heardS - endS` of microphone audio ago), never before that start.
   */
  let speechStartMs = -Infinity;
  const clockSpan = (u: VoiceEnd) => {
    const endMs = clock.now() - Math.max(0, opts.listen.heardS - u.endS) * 1000;
    const fromMs = Number.isFinite(speechStartMs) ? speechStartMs : endMs - (u.endS - u.startS) * 1000;
    return { fromMs, toMs: Math.max(fromMs, endMs) };
  };
  const ownVoice = (span: { fromMs: number; toMs: number }) => {
    return ownSpeech.some((s) => !s.interrupted && Math.min(span.toMs, s.toMs ?? clock.now()) - Math.max(span.fromMs, s.fromMs) > OWN_VOICE_OVERLAP_S * 1000);
  };

  const held = async <T>(work: () => Promise<T>): Promise<T> => {
    const release = opts.hold?.();
    try {
      return await work();
    } finally {
      release?.();
    }
  };

  const wakeIn = (u: VoiceEnd) => wakes.find((w) => !w.used && w.atS >= u.startS - 0.2 && w.atS <= u.endS + 0.5);
  /** The wake word of an utterance, waiting a little: it is reported when the engine closes the sentence. */
  const findWake = async (u: VoiceEnd) => {
    const now = wakeIn(u);
    if (now || graceMs <= 0) return now;
    return held(() => new Promise<{ atS: number; used: boolean } | undefined>((resolve) => {
      const timer = setTimeout(() => { wakeArrived = undefined; stopWaiting = undefined; resolve(wakeIn(u)); }, graceMs);
      stopWaiting = () => { clearTimeout(timer); wakeArrived = undefined; resolve(undefined); };
      wakeArrived = () => {
        const w = wakeIn(u);
        if (!w) return;
        clearTimeout(timer);
        wakeArrived = undefined;
        stopWaiting = undefined;
        resolve(w);
      };
    }));
  };

  const acknowledge = (atS: number, inUtterance: boolean) => {
    emit({ type: 'wake', atS, inUtterance });
    const lang = patientLanguage();
    const speaking = say(LOOP_PHRASES[lang].listening, lang, 'listening');
    wakeUntilMs = clock.now() + windowMs;
    // The window counts from the end of the acknowledgement.
    void speaking.done.then(() => { if (!closed) wakeUntilMs = clock.now() + windowMs; });
  };

  const recognise = async (u: VoiceEnd, language: string, answer: ExpectedAnswer | undefined): Promise<Recognition> => {
    const result = await held(() => opts.recognition.hear(u.audio as Pcm, language, {
      ...(answer?.hint ? { hint: answer.hint } : {}),
      ...(answer?.questionId ? { questionId: answer.questionId } : {}),
    }));
    emit({ type: 'recognised', answer: !!answer, result, startS: u.startS, endS: u.endS });
    if (result.outcome === 'heard') return result;
    const lang = speechLanguage(result.language) ?? patientLanguage();
    if (result.outcome === 'language_not_served') {
      log.info({ language: result.language }, result.message);
      // Never pretend: say plainly that spoken words in this language are not understood here.
      say(LOOP_PHRASES[lang].languageNotServed, lang, 'language-not-served');
    } else {
      log.info({ reason: result.reason, guess: result.guess }, 'speech not understood; the robot says so');
      say(LOOP_PHRASES[lang].notUnderstood, lang, 'not-understood');
    }
    return result;
  };

  const handle = async (u: VoiceEnd, span: { fromMs: number; toMs: number }) => {
    if (closed) return;
    if (ownVoice(span)) {
      emit({ type: 'ignored', reason: 'own-voice', startS: u.startS, endS: u.endS });
      return;
    }
    const answer = expecting;
    if (answer) {
      const result = await recognise(u, answer.language, answer);
      if (result.outcome === 'heard' && expecting?.id === answer.id) expecting = undefined;
      return;
    }
    const wake = await findWake(u);
    if (wake) {
      wake.used = true;
      // "Hello robot, I need a nurse" in one breath: the engine says where the phrase ended, and the
      // words after it are the request.
      const restS = u.endS - wake.atS;
      if (restS >= ONE_BREATH_MIN_S) {
        emit({ type: 'wake', atS: wake.atS, inUtterance: true });
        // The audio runs to endS plus the VAD's post-roll (always whole: an end needs silence after it).
        const audioStartS = u.endS + VAD_POST_ROLL_S - u.audio.samples.length / u.audio.sampleRate;
        const from = Math.max(0, Math.round((wake.atS + AFTER_PHRASE_S - audioStartS) * u.audio.sampleRate));
        const rest: VoiceEnd = { ...u, startS: wake.atS + AFTER_PHRASE_S, audio: { sampleRate: u.audio.sampleRate, samples: u.audio.samples.subarray(from) } };
        const result = await recognise(rest, patientLanguage(), undefined);
        wakeUntilMs = result.outcome === 'heard' ? -Infinity : clock.now() + windowMs;
        return;
      }
      // The phrase alone opens a turn: the request follows after the robot's "Yes?".
      acknowledge(wake.atS, true);
      return;
    }
    if (clock.now() <= wakeUntilMs) {
      const result = await recognise(u, patientLanguage(), undefined);
      wakeUntilMs = result.outcome === 'heard' ? -Infinity : clock.now() + windowMs;
      return;
    }
    emit({ type: 'ignored', reason: 'no-wake-word', startS: u.startS, endS: u.endS });
  };

  let queue: Promise<void> = Promise.resolve();
  const offs = [
    opts.listen.on('utterance', (u) => {
      // Placed on the clock now: later speech moves the start mark.
      const span = clockSpan(u);
      queue = queue
        .then(() => handle(u, span))
        .catch((err: Error) => log.error({ err }, `an utterance could not be dealt with: ${err.message}; listening goes on`))
        .finally(() => { lastDoneEndS = Math.max(lastDoneEndS, u.endS); });
    }),
    opts.listen.on('wake-word', (w: WakeWordDetection) => {
      const entry = { atS: w.atS, used: false };
      wakes.push(entry);
      if (wakes.length > 20) wakes.shift();
      wakeArrived?.();
      // Reported after its utterance was already dealt with (a slow engine): the turn opens now.
      void queue.then(() => {
        if (!closed && !entry.used && entry.atS <= lastDoneEndS + 0.5) {
          entry.used = true;
          acknowledge(entry.atS, false);
        }
      });
    }),
    opts.listen.on('speech-start', () => {
      speechStartMs = clock.now();
      if (opts.bargeIn === false) return;
      const end = opts.speaker.output.bargeIn();
      if (end) emit({ type: 'barge-in', heardText: end.heardText });
    }),
  ];

  return {
    expectAnswer(expected) {
      const id = nextId++;
      expecting = { ...expected, id };
      return () => { if (expecting?.id === id) expecting = undefined; };
    },
    say: (text, language) => say(text, language),
    settled: () => queue,
    close() {
      closed = true;
      stopWaiting?.();
      for (const off of offs) off();
    },
  };
}
