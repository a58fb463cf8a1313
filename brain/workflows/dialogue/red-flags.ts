// Words that call a nurse at once, whatever the robot was doing (DESIGN.md safety rules).
import { compact, normaliseSpeech } from './normalize.js';

export const RED_FLAGS: readonly { id: string; en: RegExp; zh: RegExp }[] = [
  { id: 'chest_pain', en: /\bchest (pain|hurts?|tight(ness)?)\b|\bheart attack\b/, zh: /胸(口)?(痛|疼|闷)|心脏病发/ },
  { id: 'breathing', en: /\b(can ?not|cant|cannot|struggling to|hard to) breathe\b|\bshort of breath\b|\bchoking\b/, zh: /喘不(过|上)气|呼吸困难|透不过气|憋气/ },
  { id: 'fall', en: /\b(i |i ve |i have )?(fell|fallen|fall|fallen over|slipped)\b/, zh: /摔(倒|了)|跌倒|滑倒/ },
  { id: 'bleeding', en: /\bbleed(ing)?\b|\bblood\b/, zh: /出血|流血|吐血|便血/ },
  { id: 'suicide', en: /\b(suicid\w*|kill myself|end my life|want to die|dont want to live)\b/, zh: /自杀|不想活|想死|轻生/ },
];

/** Ids of the red flags the utterance raises, in either language. */
export function redFlags(utterance: string): string[] {
  const en = normaliseSpeech(utterance);
  const zh = compact(utterance);
  return RED_FLAGS.filter((f) => f.en.test(en) || f.zh.test(zh)).map((f) => f.id);
}
