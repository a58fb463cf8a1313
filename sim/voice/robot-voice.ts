// One simulated robot's ears and voice, the same perception code a real robot runs: the listen node
// (Silero VAD, the pocketsphinx wake word) on its microphone topic, recognition publishing on
// patient_speech, the speaker playing espeak-ng audio on its speaker topic paced on the sim clock, and
// the conversation loop joining them. Slow wall-clock work (synthesis, recognition) holds sim time.
import type { Logger } from 'pino';
import {
  attachRecognition, attachSpeaker, hintFromAskGoal, PocketsphinxWakeWord, speechLanguage, startConversation, startListening,
  type ConversationEvent, type ConversationLoop, type ListenBinding, type RecognitionHint, type SpeakerNode, type SpeechLanguage,
  type SpeechRecognizer, type SpeechSynthesizer,
} from '../../perception/index.js';
import type { Time } from '../../robot/index.js';
import type { SkillVoice } from '../ros/skills/skill-context.js';
import type { RosNode } from '../rosbridge/index.js';
import type { SimTimers } from '../world/index.js';

export interface RobotVoiceOptions {
  node: RosNode;
  robot: string;
  timers: SimTimers;
  hold: () => () => void;
  stamp: () => Time;
  synthesizer: SpeechSynthesizer;
  recognizer: SpeechRecognizer;
  /** The language of the patient the robot stands with. */
  language: () => SpeechLanguage;
  log: Logger;
  onEvent?: (e: ConversationEvent) => void;
}

export interface RobotVoice {
  readonly skillVoice: SkillVoice;
  readonly listen: ListenBinding;
  readonly loop: ConversationLoop;
  readonly speaker: SpeakerNode;
  close(): Promise<void>;
}

/** Progress feedback period while speaking, sim seconds (as the timed-text voice). */
const PROGRESS_PERIOD_S = 0.25;

/** A synthesizer whose wall time costs no sim time. */
function heldSynthesizer(inner: SpeechSynthesizer, hold: () => () => void): SpeechSynthesizer {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'synthesize') return Reflect.get(target, prop, receiver) as unknown;
      return async (...args: Parameters<SpeechSynthesizer['synthesize']>) => {
        const release = hold();
        try {
          return await target.synthesize(...args);
        } finally {
          release();
        }
      };
    },
  });
}

export async function startRobotVoice(opts: RobotVoiceOptions): Promise<RobotVoice> {
  const { node, robot, timers, hold, stamp } = opts;
  const log = opts.log.child({ robot, component: 'voice' });
  // The sim feeds audio faster than real time: the engine may fall behind without being taken for stuck.
  const listen = await startListening(node, { robot, log, stamp, wakeWord: () => PocketsphinxWakeWord.start({ maxBacklogS: Infinity }) });
  const recognition = attachRecognition(node, robot, { recognizer: opts.recognizer, stamp });
  const speaker = attachSpeaker(node, robot, {
    synthesizer: heldSynthesizer(opts.synthesizer, hold), stamp, clock: timers, sampleRate: 16_000,
    // The loop stops the voice on the VAD's in-process speech start.
    bargeInFromTopic: false,
  });
  const loop = startConversation({
    listen, recognition, speaker, clock: timers, hold, language: opts.language, log,
    onEvent: (e) => {
      log.debug({ event: e }, 'conversation');
      opts.onEvent?.(e);
    },
  });
  const skillVoice: SkillVoice = {
    say(text, language, onProgress) {
      const speaking = loop.say(text, speechLanguage(language) ?? 'en');
      if (onProgress) {
        const stop = timers.every(PROGRESS_PERIOD_S, () => onProgress(speaking.progress()));
        void speaking.done.finally(stop);
      }
      return speaking;
    },
    expectAnswer(goal) {
      let expected: { hint: RecognitionHint; questionId?: string };
      try {
        expected = hintFromAskGoal(goal);
      } catch (err) {
        // A choice list the offline grammar cannot take is checked at recognition; here only the kind.
        log.warn({ goal: goal.question_id, err: (err as Error).message }, 'question hint unusable; listening for free speech');
        expected = { hint: { kind: 'free_text' } };
      }
      return loop.expectAnswer({ ...expected, language: goal.language });
    },
  };
  return {
    skillVoice, listen, loop, speaker,
    async close() {
      loop.close();
      speaker.destroy();
      recognition.destroy();
      await listen.close();
    },
  };
}
