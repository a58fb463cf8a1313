// What the robot says in the conversation loop itself, in the patient's language. The words are
// plain and always point to the screen, so a patient who is not understood has another way to answer.
import type { SpeechLanguage } from '../tts/synthesizer.js';

export interface LoopPhrases {
  /** The wake phrase was heard: the robot is listening. */
  listening: string;
  /** Speech that was not understood. */
  notUnderstood: string;
  /** Speech in a language no recogniser here serves. */
  languageNotServed: string;
}

export const LOOP_PHRASES: Record<SpeechLanguage, LoopPhrases> = {
  en: {
    listening: 'Yes?',
    notUnderstood: 'Sorry, I did not catch that. You can also touch your answer on the screen.',
    languageNotServed: 'Sorry, I cannot understand spoken words in this language yet. Please touch your answer on the screen.',
  },
  'zh-CN': {
    listening: '我在听。',
    notUnderstood: '对不起，我没有听清楚。您也可以在屏幕上点选您的回答。',
    languageNotServed: '对不起，我现在还听不懂中文语音。请在屏幕上点选您的回答。',
  },
};
