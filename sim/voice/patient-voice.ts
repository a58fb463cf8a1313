// Simulated patients speaking as sound: what SimPeople would publish as text is synthesized in the
// patient's language (espeak-ng), set to a speaking level among room noise seeded from the sim's
// random stream, and played as 100 ms AudioChunks on /<robot>/microphone/audio, paced on the sim
// clock. Synthesis and the robot's ears keeping up take no sim time (SimClock.hold).
import type { Logger } from 'pino';
import { chunksOf, concatPcm, DEFAULT_WAKE_PHRASE, pcmToChunk, speechLanguage, synthesizeUtterance, type Pcm, type SpeechSynthesizer } from '../../perception/index.js';
import { MESSAGE_TYPES, robotNames, type AudioChunk, type Language, type Time } from '../../robot/index.js';
import type { PatientVoice } from '../people/index.js';
import type { Publisher, RosNode } from '../rosbridge/index.js';
import type { Rng, SimTimers } from '../world/index.js';

/** Room noise under the patient's voice, dBFS (a quiet ward at night is about this). */
export const ROOM_NOISE_DBFS = -45;
/** The patient's voice at the robot's microphone, dBFS. */
export const PATIENT_SPEECH_DBFS = -22;
/** Chunk length on the microphone topic. */
export const MIC_CHUNK_MS = 100;
/**
 * Pause after the wake phrase when it is said on its own, before a request in another language: the
 * robot's "Yes?" fits in it. In English the phrase and request are one breath ("hello robot, I need a
 * nurse"), and the loop takes the words after the phrase as the request.
 */
export const AFTER_WAKE_PAUSE_S = 2.5;

export interface PatientVoiceOptions {
  node: RosNode;
  robots: readonly string[];
  timers: SimTimers;
  hold: () => () => void;
  rng: Rng;
  stamp: () => Time;
  synthesizer: SpeechSynthesizer;
  /** Resolves when the robot's ears have taken in all the audio published to it so far. */
  heard: (robot: string) => Promise<void>;
  log: Logger;
  wakePhrase?: string;
  /** Default AFTER_WAKE_PAUSE_S. */
  wakePauseS?: number;
}

export class SimPatientVoice implements PatientVoice {
  private readonly mics = new Map<string, Publisher<AudioChunk>>();
  private readonly queues = new Map<string, Promise<void>>();
  private closed = false;
  private readonly cancels = new Set<() => void>();

  constructor(private readonly opts: PatientVoiceOptions) {
    for (const r of opts.robots) this.mics.set(r, opts.node.createPublisher<AudioChunk>(robotNames(r).microphone, MESSAGE_TYPES.microphone));
  }

  speak(robot: string, text: string, language: Language, opts: { wake: boolean }): void {
    const mic = this.mics.get(robot);
    if (!mic) throw new Error(`no robot "${robot}" in the simulation`);
    // One patient voice per robot at a time: a second sentence waits for the first.
    const next = (this.queues.get(robot) ?? Promise.resolve())
      .then(() => this.clip(text, language, opts.wake))
      .then((clip) => this.play(robot, mic, clip))
      .catch((err: Error) => this.opts.log.error({ robot, text, err: err.message }, 'simulated patient could not speak'));
    this.queues.set(robot, next);
  }

  /** The sound of the sentence at the microphone, made while sim time stands still. */
  private async clip(text: string, language: Language, wake: boolean): Promise<Pcm> {
    const release = this.opts.hold();
    try {
      const lang = speechLanguage(language) ?? 'en';
      const say = (t: string, l: typeof lang, pad: [number, number]) =>
        synthesizeUtterance(this.opts.synthesizer, t, l, this.opts.rng, { noiseDbfs: ROOM_NOISE_DBFS, speechDbfs: PATIENT_SPEECH_DBFS, padS: pad });
      const parts: Pcm[] = [];
      const phrase = this.opts.wakePhrase ?? DEFAULT_WAKE_PHRASE;
      if (wake && lang === 'en') return await say(`${phrase}, ${text}`, 'en', [0.4, 1.5]);
      if (wake) parts.push(await say(phrase, 'en', [0.4, this.opts.wakePauseS ?? AFTER_WAKE_PAUSE_S]));
      parts.push(await say(text, lang, [0.3, 1.5]));
      return concatPcm(parts);
    } finally {
      release();
    }
  }

  /** Plays the clip chunk by chunk on the sim clock; time waits while the robot's ears catch up. */
  private play(robot: string, mic: Publisher<AudioChunk>, clip: Pcm): Promise<void> {
    const chunks = [...chunksOf(clip, MIC_CHUNK_MS)];
    return new Promise<void>((resolve) => {
      let k = 0;
      const step = () => {
        if (this.closed || k >= chunks.length) return resolve();
        mic.publish(pcmToChunk(chunks[k++]!, { stamp: this.opts.stamp(), frame_id: `${robot}/microphone` }));
        const release = this.opts.hold();
        void this.opts.heard(robot).finally(release);
        const cancel = this.opts.timers.after(MIC_CHUNK_MS / 1000, () => {
          this.cancels.delete(cancel);
          step();
        });
        this.cancels.add(cancel);
      };
      step();
    });
  }

  close(): void {
    this.closed = true;
    for (const c of this.cancels) c();
    this.cancels.clear();
  }
}
