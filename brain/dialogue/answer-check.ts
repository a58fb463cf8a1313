// The deterministic check every model answer must pass before a patient hears it. The model is
// asked to follow the rules; this is what makes them hold when it does not: it must cite a source
// it was given, must not state a dose its sources do not state, must not tell the patient to
// change a treatment, must not diagnose, and must be short enough to say.
import { speakingSeconds } from '../education/index.js';
import { MAX_ANSWER_SECONDS } from './compose.js';
import type { Passage } from './types.js';

/** Raw model text longer than this is refused before it is read further. */
const MAX_MODEL_CHARS = 800;

export type CheckResult =
  | { ok: true; text: string; cited: string[] }
  | { ok: false; reason: string };

const CITATION = /\[\s*((?:education|record):[^\]\s]+)\s*\]/g;

// A number with a unit of dose; Chinese numerals too ("两片").
const DOSE = /(\d+(?:[.,]\d+)?|[一二两三四五六七八九十半]+)\s*(mg|mcg|µg|ug|g|ml|units?|iu|tablets?|pills?|capsules?|puffs?|drops?|毫克|微克|毫升|克|单位|片|粒|颗|支|滴|喷)(?![a-z])/giu;

// Telling the patient to change a treatment. Allowed only inside a sentence that warns against it
// ("do not skip or change them yourself" is the library's own advice).
const CHANGE_EN = /\b(increase|decrease|reduce|double|halve|skip|stop taking|stop using|stop your|start taking|switch to|change (your|the) (dose|medicine|medication|insulin)|take (an )?extra|take more|take less|take another|take two|cut down on your)\b/i;
const CHANGE_ZH = /加量|减量|加药|减药|停药|停用|换药|加倍|翻倍|多吃|少吃|多打|少打|补打|补吃|不用吃|不用打|可以停/;
const WARNING_EN = /\b(do not|dont|don t|never|not)\b/i;
const WARNING_ZH = /不要|别|不能|勿|不可|不应/;

const DIAGNOSIS_EN = new RegExp([
  String.raw`\byou (probably|might|may|could|likely|must|definitely) (have|be suffering|be having)\b`,
  String.raw`\bsounds like (you have|a |an )`, String.raw`\byou (are|re) suffering from\b`, String.raw`\byour diagnosis\b`,
  String.raw`\b(it|this|that) (is|s) (probably|likely|definitely|almost certainly) (a |an )?\w+`,
  String.raw`(?<!\b(if|when|whether|in case) )\byou have (got )?(a |an )?(\w+ )?(cancer|infection|disease|tumou?r|stroke|heart attack|pneumonia|sepsis|fracture|disorder|syndrome)\b`,
].join('|'), 'i');
const DIAGNOSIS_ZH = /(您|你)(可能|应该|大概|肯定|估计)?(是)?(得了|患了|患有)|(可能|大概|应该|估计)是.{0,8}(病|炎|癌|症|瘤|梗|中风)|诊断(为|是)/;

const compactLower = (s: string) => s.toLowerCase().replace(/\s+/g, '');

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?。！？；;])\s*/u).filter((s) => s.trim() !== '');
}

/**
 * Checks a model's answer against the passages it was given. On success the citations are removed
 * and the text is ready to speak; on failure the reason says which rule it broke.
 */
export function checkModelAnswer(raw: string | null, passages: readonly Passage[]): CheckResult {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'empty answer' };
  if (raw.length > MAX_MODEL_CHARS) return { ok: false, reason: `answer too long (${raw.length} characters)` };
  const given = new Set(passages.map((p) => p.id));
  const cited = [...new Set([...raw.matchAll(CITATION)].map((m) => m[1] as string))];
  if (cited.length === 0) return { ok: false, reason: 'no source cited' };
  const unknown = cited.filter((id) => !given.has(id));
  if (unknown.length > 0) return { ok: false, reason: `cites a source it was not given (${unknown.join(', ')})` };
  // Any other bracketed text is a citation gone wrong or markup; neither is spoken.
  const text = raw.replace(CITATION, '').replace(/\[[^\]]*\]/g, '').replace(/\s+([.,!?;:。，！？；：])/gu, '$1').replace(/\s{2,}/g, ' ').trim();
  if (text === '') return { ok: false, reason: 'nothing left to say after the citations' };

  const sourceText = compactLower(passages.map((p) => `${p.text.en} ${p.text['zh-CN']}`).join(' '));
  for (const m of text.matchAll(DOSE)) {
    if (!sourceText.includes(compactLower(m[0]))) return { ok: false, reason: `states a dose not in its sources ("${m[0].trim()}")` };
  }
  for (const sentence of sentences(text)) {
    const change = CHANGE_EN.exec(sentence)?.[0] ?? CHANGE_ZH.exec(sentence)?.[0];
    if (change && !WARNING_EN.test(sentence) && !WARNING_ZH.test(sentence)) return { ok: false, reason: `tells the patient to change a treatment ("${change}")` };
  }
  const diagnosis = DIAGNOSIS_EN.exec(text)?.[0] ?? DIAGNOSIS_ZH.exec(text)?.[0];
  if (diagnosis) return { ok: false, reason: `reads as a diagnosis ("${diagnosis}")` };
  const seconds = speakingSeconds(text);
  if (seconds > MAX_ANSWER_SECONDS * 1.5) return { ok: false, reason: `too long to say (about ${Math.round(seconds)} s)` };
  return { ok: true, text, cited };
}
