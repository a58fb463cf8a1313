// Checks a scenario's patient script at the edge and keeps, per patient, which scripted answers
// were already given, so that repeated asks get successive answers.
import type { PatientScript } from './types.js';

export const DEFAULT_ANSWER_DELAY_S = 1.5;

/** Throws a RangeError naming the bad field; returns a copy the caller may keep. */
export function checkScript(who: string, script: PatientScript): PatientScript {
  const bad = (field: string, why: string): never => {
    throw new RangeError(`people.script(${who}): ${field}: ${why}`);
  };
  if (typeof script !== 'object' || script === null) bad('script', 'must be an object');
  const known = new Set(['present', 'answers', 'wristband', 'wristbandReadable', 'silent', 'answerDelayS']);
  for (const key of Object.keys(script)) if (!known.has(key)) bad(key, `unknown field (fields: ${[...known].join(', ')})`);
  const out: PatientScript = {};
  if (script.present !== undefined) {
    if (typeof script.present !== 'boolean') bad('present', 'must be true or false');
    out.present = script.present;
  }
  if (script.silent !== undefined) {
    if (typeof script.silent !== 'boolean') bad('silent', 'must be true or false');
    out.silent = script.silent;
  }
  if (script.wristband !== undefined) {
    if (typeof script.wristband !== 'string') bad('wristband', 'must be a string');
    out.wristband = script.wristband;
  }
  if (script.wristbandReadable !== undefined) {
    if (typeof script.wristbandReadable !== 'boolean') bad('wristbandReadable', 'must be true or false');
    out.wristbandReadable = script.wristbandReadable;
  }
  if (script.answerDelayS !== undefined) {
    if (!(typeof script.answerDelayS === 'number' && Number.isFinite(script.answerDelayS) && script.answerDelayS >= 0)) {
      bad('answerDelayS', `must be a non-negative number of seconds, got ${String(script.answerDelayS)}`);
    }
    out.answerDelayS = script.answerDelayS;
  }
  if (script.answers !== undefined) {
    if (typeof script.answers !== 'object' || script.answers === null || Array.isArray(script.answers)) bad('answers', 'must be an object of question id → answer');
    const answers: Record<string, string | string[]> = {};
    for (const [id, a] of Object.entries(script.answers)) {
      if (typeof a === 'string') answers[id] = a;
      else if (Array.isArray(a) && a.length > 0 && a.every((x) => typeof x === 'string')) answers[id] = [...a];
      else bad(`answers.${id}`, 'must be a string or a non-empty array of strings');
    }
    out.answers = answers;
  }
  return out;
}

/** One patient's script with its answer cursors. */
export class ScriptedPatient {
  private script: PatientScript = {};
  private readonly asked = new Map<string, number>();

  /** Later scripts win field by field; new answers restart that question's sequence. */
  merge(script: PatientScript): void {
    this.script = { ...this.script, ...script, answers: { ...this.script.answers, ...script.answers } };
    for (const id of Object.keys(script.answers ?? {})) this.asked.delete(id);
  }

  get present(): boolean { return this.script.present ?? true; }
  get silent(): boolean { return this.script.silent ?? false; }
  get wristband(): string | undefined { return this.script.wristband; }
  get wristbandReadable(): boolean { return this.script.wristbandReadable ?? true; }
  get answerDelayS(): number { return this.script.answerDelayS ?? DEFAULT_ANSWER_DELAY_S; }

  /** The scripted answer to this ask of `questionId`, or undefined when none is scripted. */
  nextAnswer(questionId: string): string | undefined {
    const a = this.script.answers?.[questionId];
    if (a === undefined) return undefined;
    if (typeof a === 'string') return a;
    const n = this.asked.get(questionId) ?? 0;
    this.asked.set(questionId, n + 1);
    return a[Math.min(n, a.length - 1)];
  }
}
