// Thin ROS nodes over the speech cores. The speaker node publishes the robot's voice as AudioChunk
// messages on /<robot>/speaker/audio and stops talking when /<robot>/voice_activity says the patient
// started speaking (or when the VAD tells it in process). The recognition node publishes what the
// patient said on /<robot>/patient_speech, where the robot's AskQuestion skill takes its answer.
import { MESSAGE_TYPES, robotNames, type AudioChunk, type Utterance, type VoiceActivity } from '../../robot/index.js';
import { pcmToChunk, type Pcm } from '../audio/pcm.js';
import type { PerceptionNode, Stamp } from '../node-port.js';
import type { SpeechLanguage } from '../tts/synthesizer.js';
import type { Recognition, RecognizeOptions, SpeechRecognizer } from './recognizer.js';
import { SpeechOutput, type SayOptions, type Speaking, type SpeechOutputOptions } from './speech-output.js';

export interface SpeakerNodeOptions extends Omit<SpeechOutputOptions, 'play'> {
  stamp: Stamp;
  /** Stop talking when voice_activity says the patient started speaking (default true). */
  bargeInFromTopic?: boolean;
  /** Told about a message that could not be read (default: ignored). */
  onBadMessage?: (what: string) => void;
}

export interface SpeakerNode {
  readonly output: SpeechOutput;
  say(text: string, language: SpeechLanguage, opts?: SayOptions): Speaking;
  destroy(): void;
}

export function attachSpeaker(node: PerceptionNode, robot: string, opts: SpeakerNodeOptions): SpeakerNode {
  const names = robotNames(robot);
  const frameId = `${robot}/speaker`;
  const publisher = node.createPublisher<AudioChunk>(names.speaker, MESSAGE_TYPES.speaker);
  const output = new SpeechOutput({ ...opts, play: (chunk: Pcm) => publisher.publish(pcmToChunk(chunk, { stamp: opts.stamp(), frame_id: frameId })) });
  const subscription = opts.bargeInFromTopic === false
    ? undefined
    : node.createSubscription<VoiceActivity>(names.voiceActivity, MESSAGE_TYPES.voiceActivity, (msg) => {
        if (typeof msg !== 'object' || msg === null || typeof msg.speaking !== 'boolean') {
          opts.onBadMessage?.(`${names.voiceActivity}: speaking must be true or false, got ${JSON.stringify((msg as { speaking?: unknown } | null)?.speaking)}`);
          return;
        }
        if (msg.speaking) output.bargeIn();
      });
  return {
    output,
    say: (text, language, sayOpts) => output.say(text, language, sayOpts),
    destroy: () => {
      output.stop('speaker node closed');
      subscription?.destroy?.();
      publisher.destroy?.();
    },
  };
}

export interface RecognitionNodeOptions {
  recognizer: SpeechRecognizer;
  stamp: Stamp;
  /** Every result, published or not (for the robot's log and the screen's "please touch your answer"). */
  onResult?: (result: Recognition) => void;
}

export interface RecognitionNode {
  /** Recognises one utterance (the VAD's audio) and publishes it on patient_speech when it was understood. */
  hear(audio: Pcm, language: string, opts?: RecognizeOptions): Promise<Recognition>;
  destroy(): void;
}

export function attachRecognition(node: PerceptionNode, robot: string, opts: RecognitionNodeOptions): RecognitionNode {
  const names = robotNames(robot);
  const publisher = node.createPublisher<Utterance>(names.patientSpeech, MESSAGE_TYPES.patientSpeech);
  return {
    async hear(audio, language, hearOpts) {
      const result = await opts.recognizer.recognize(audio, language, hearOpts);
      if (result.outcome === 'heard') {
        publisher.publish({
          header: { stamp: opts.stamp(), frame_id: `${robot}/microphone` },
          text: result.text,
          language: result.language,
          confidence: result.confidence,
          source: 'speech',
        });
      }
      opts.onResult?.(result);
      return result;
    },
    destroy: () => publisher.destroy?.(),
  };
}
