// Answering a question: by the rules alone, or, with a model configured, in the model's words under
// the same rules. The deterministic answer is always computed first, so a model that fails, stalls
// or breaks a rule costs the patient nothing but a "let me check".
import type { Language, Patient } from '../../robot/index.js';
import type { ModelProvider, Redactor } from '../llm/types.js';
import { PHRASES, say } from '../workflows/dialogue/phrases.js';
import { deterministicAnswer, findPassages, sourceRef, type Answer, type AnswerContext } from './compose.js';
import { askModel } from './model-answer.js';
import { recordPassages, type SourcePassage } from './sources.js';
import type { DialogueLogger } from './dialogue-deps.js';

/** Library passages a model sees besides the patient's record lines. */
const MODEL_PASSAGES = 4;

export interface QuestionAnswer extends Answer {
  mode: 'deterministic' | 'model';
  modelVerdict: string | null;
  ackAtMs: number | null;
}

export interface QuestionDeps {
  now(): number;
  model: ModelProvider | null;
  redactorFor(patient: Patient | null): Redactor;
  logger: DialogueLogger;
  modelTimeoutMs?: number;
  /** Says something to the patient; never rejects (the caller logs a failure and resolves). */
  say(text: string, language: Language): Promise<boolean>;
}

function modelPassages(ctx: AnswerContext): SourcePassage[] {
  const record = ctx.patient ? recordPassages(ctx.patient, ctx.orders) : [];
  const library = findPassages(ctx, MODEL_PASSAGES).map((s) => s.passage).filter((p) => p.topic !== null);
  return [...library, ...record];
}

export async function answerQuestion(ctx: AnswerContext, deps: QuestionDeps, turn: string): Promise<QuestionAnswer> {
  const fallback = deterministicAnswer(ctx);
  const deterministic = { ...fallback, mode: 'deterministic' as const, modelVerdict: null, ackAtMs: null };
  if (!deps.model) return deterministic;
  const passages = modelPassages(ctx);
  // With nothing to answer from, a model could only invent: the rules' "I do not know" stands.
  if (passages.length === 0) return deterministic;

  const ackAtMs = deps.now();
  const ack = deps.say(say(PHRASES.dialogueAck, ctx.language), ctx.language);
  const outcome = await askModel({
    model: deps.model, redactor: deps.redactorFor(ctx.patient), passages, utterance: ctx.utterance, language: ctx.language,
    ...(deps.modelTimeoutMs !== undefined ? { timeoutMs: deps.modelTimeoutMs } : {}),
  });
  // The answer waits for "let me check" to finish, so the two are never spoken over each other.
  await ack;
  if (outcome.ignoredToolCalls.length > 0) {
    deps.logger.warn({ turn, tools: outcome.ignoredToolCalls }, 'model asked for tools in a dialogue reply; none were offered and the calls were ignored');
  }
  if (!outcome.ok) {
    deps.logger.warn({ turn, reason: outcome.reason }, 'model answer not used; the deterministic answer is given instead');
    return { ...deterministic, modelVerdict: `fallback: ${outcome.reason}`, ackAtMs };
  }
  const byId = new Map(passages.map((p) => [p.id, p]));
  const sources = outcome.cited.flatMap((id) => {
    const p = byId.get(id);
    return p ? [sourceRef(p)] : [];
  });
  return { text: outcome.text, sources, found: true, mode: 'model', modelVerdict: 'accepted', ackAtMs };
}
