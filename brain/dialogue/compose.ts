// Answers without a model: a question about the patient's medicines is answered from their own
// active orders, quoted; any other question by the best passage of the education library, quoted
// and cut to a speakable length. Nothing is paraphrased, so nothing can be said that a source does
// not say. When no source answers, the robot says so (and the manager calls a nurse).
import type { Language, MedicationOrder, Patient } from '../../robot/index.js';
import { speakingSeconds } from '../education/index.js';
import { PHRASES, say } from '../workflows/dialogue/phrases.js';
import { normaliseSpeech } from '../workflows/dialogue/normalize.js';
import { PassageIndex, type Scored } from './retrieve.js';
import { activeOrders, medicineNames, orderPassage, recordPassages, type SourcePassage } from './sources.js';
import type { Passage, QuestionAbout, SourceRef } from './types.js';

/** A spoken answer stays short: a patient listens once, lying down. */
export const MAX_ANSWER_SECONDS = 20;
/** More orders than this are summarised ("and 2 more"): a list read aloud is lost after three. */
const MAX_ORDERS_READ = 3;

export interface Answer {
  text: string;
  sources: SourceRef[];
  /** False when no source answered; the text then says so. */
  found: boolean;
}

export interface AnswerContext {
  about: QuestionAbout;
  utterance: string;
  language: Language;
  patient: Patient | null;
  /** The patient's medication orders (any status; only active ones are read). */
  orders: readonly MedicationOrder[];
  /** The education library's passages. */
  library: readonly SourcePassage[];
}

export const sourceRef = (p: Passage): SourceRef => ({ id: p.id, title: p.title });

/** Whole sentences from the start of `text`, as many as fit in `maxSeconds` (at least one). */
export function shortenForSpeech(text: string, maxSeconds = MAX_ANSWER_SECONDS): string {
  const sentences = text.split(/(?<=[.!?。！？])\s*/u).filter((s) => s.trim() !== '');
  let out = '';
  for (const sentence of sentences) {
    const next = out === '' ? sentence : `${out}${/[。！？]$/u.test(out) ? '' : ' '}${sentence}`;
    if (out !== '' && speakingSeconds(next) > maxSeconds) break;
    out = next;
  }
  return out.trim();
}

const MEDICINE_QUESTIONS: readonly QuestionAbout[] = ['medicine', 'medicine_purpose', 'medicine_timing'];

/** The passages a question may be answered from: the library plus this patient's record. */
export function candidatePassages(ctx: AnswerContext): SourcePassage[] {
  return [...ctx.library, ...(ctx.patient ? recordPassages(ctx.patient, ctx.orders) : [])];
}

/** Best passages for the question; medicine and side-effect questions keep to the patient's own topics. */
export function findPassages(ctx: AnswerContext, limit = 3): Scored[] {
  const own = ctx.patient?.conditions ?? [];
  const hits = new PassageIndex(candidatePassages(ctx)).search(ctx.utterance, { ownTopics: own, limit: limit + 4 });
  const ownOnly = ctx.about !== 'condition' && ctx.patient !== null;
  return hits.filter((h) => !ownOnly || h.passage.topic === null || own.includes(h.passage.topic)).slice(0, limit);
}

export function deterministicAnswer(ctx: AnswerContext): Answer {
  if (MEDICINE_QUESTIONS.includes(ctx.about) && ctx.patient) {
    const fromRecord = recordAnswer(ctx.patient, ctx.orders, ctx.utterance, ctx.language);
    if (fromRecord) return fromRecord;
  }
  const best = findPassages(ctx, 1)[0];
  if (!best) return notFound(ctx);
  return { text: spoken(best.passage, ctx.language), sources: [sourceRef(best.passage)], found: true };
}

function spoken(passage: SourcePassage, language: Language): string {
  if (passage.id.startsWith('record:order:')) return say(PHRASES.recordMedicines, language, passage.text[language]);
  return `${shortenForSpeech(passage.text[language])} ${say(PHRASES.askNurseMore, language)}`;
}

/** The orders the question names ("what is metformin for"), or all active ones when it names none. */
function recordAnswer(patient: Patient, orders: readonly MedicationOrder[], utterance: string, language: Language): Answer | null {
  const active = activeOrders(orders, patient);
  if (active.length === 0) return null;
  const words = ` ${normaliseSpeech(utterance)} `;
  const named = active.filter((o) => medicineNames([o]).some((n) => words.includes(` ${n} `)));
  const chosen = named.length > 0 ? named : active;
  const read = chosen.slice(0, MAX_ORDERS_READ).map(orderPassage);
  const more = chosen.length - read.length;
  const joiner = language === 'en' ? '; and ' : '；';
  let lines = read.map((p) => p.text[language]).join(joiner);
  if (more > 0) lines += language === 'en' ? `; and ${more} more` : `；还有${more}项`;
  return { text: say(PHRASES.recordMedicines, language, lines), sources: read.map(sourceRef), found: true };
}

function notFound(ctx: AnswerContext): Answer {
  const noOrders = MEDICINE_QUESTIONS.includes(ctx.about) && ctx.patient !== null;
  return { text: say(noOrders ? PHRASES.noMedicinesOnRecord : PHRASES.answerNotFound, ctx.language), sources: [], found: false };
}
