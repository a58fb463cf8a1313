// Talking to a robot from a screen (staff testing, the patient screen) and reading what was said.
// What a patient says is health data: users who may not see patient identifiers (engineer-only
// accounts) get a pseudonym for the patient and '[hidden]' for the words said at a patient's bed.
import type { FastifyInstance } from 'fastify';
import { LANGUAGES } from '../../robot/index.js';
import { rmfError, sendErrors } from '../api/errors.js';
import { errorResponses } from '../api/schemas.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireUser, signedIn, type SignedInUser } from '../auth/index.js';
import { RED_FLAG_IDS } from '../workflows/dialogue/red-flags.js';
import type { DialogueRecords } from './dialogue-records.js';
import { DialogueInputError, MAX_UTTERANCE_CHARS } from './input.js';
import { INTENT_KINDS, type DialogueInput, type DialogueTurn } from './types.js';

export interface DialogueRoutesDeps {
  dialogue: { handle(input: DialogueInput): Promise<DialogueTurn> };
  turns: DialogueRecords;
  /** The pseudonym shown instead of a record number (the brain's Pseudonyms.of). */
  pseudonymOf(recordNumber: string): string;
  /** Whether a robot of this name is in the fleet. */
  robotExists(robot: string): boolean;
}

export const HIDDEN = '[hidden]';

/** A turn as the API answers it: snake_case. */
export interface WireTurn {
  id: string;
  robot: string;
  patient: string | null;
  bed: string | null;
  heard_at_ms: number;
  utterance: string;
  language: string;
  source: string | null;
  intent: string;
  detail: string | null;
  red_flags: string[];
  reply: { text: string; language: string } | null;
  sources: { id: string; title: { en: string; 'zh-CN': string } }[];
  mode: string;
  model_verdict: string | null;
  alert_ids: string[];
  ack_at_ms: number | null;
  replied_at_ms: number | null;
  spoken: boolean;
}

export function turnToWire(t: DialogueTurn): WireTurn {
  return {
    id: t.id, robot: t.robot, patient: t.patient, bed: t.bed, heard_at_ms: t.heardAtMs, utterance: t.utterance, language: t.language,
    source: t.source, intent: t.intent, detail: t.detail, red_flags: [...t.redFlags], reply: t.reply && { text: t.reply.text, language: t.reply.language },
    sources: t.sources.map((s) => ({ id: s.id, title: { en: s.title.en, 'zh-CN': s.title['zh-CN'] } })), mode: t.mode,
    model_verdict: t.modelVerdict, alert_ids: [...t.alertIds], ack_at_ms: t.ackAtMs, replied_at_ms: t.repliedAtMs, spoken: t.spoken,
  };
}

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const localText = { type: 'object', required: ['en', 'zh-CN'], properties: { en: str, 'zh-CN': str } } as const;

export const TurnSchema = {
  type: 'object',
  required: ['id', 'robot', 'patient', 'bed', 'heard_at_ms', 'utterance', 'language', 'source', 'intent', 'detail', 'red_flags', 'reply',
    'sources', 'mode', 'model_verdict', 'alert_ids', 'ack_at_ms', 'replied_at_ms', 'spoken'],
  properties: {
    id: str, robot: str,
    patient: { ...nullableStr, description: 'record number; a pseudonym for users who may not see patient identifiers' },
    bed: nullableStr,
    heard_at_ms: { type: 'integer', description: 'Unix ms' },
    utterance: { ...str, description: `what was heard (at most ${MAX_UTTERANCE_CHARS} characters); "${HIDDEN}" for users who may not see patient data` },
    language: { type: 'string', enum: [...LANGUAGES] },
    source: nullableStr,
    intent: { type: 'string', enum: [...INTENT_KINDS] },
    detail: { ...nullableStr, description: 'nurse-call category, question subject, or why a question went to the nurse' },
    red_flags: { type: 'array', items: { type: 'string', enum: [...RED_FLAG_IDS] } },
    reply: { type: ['object', 'null'], required: ['text', 'language'], properties: { text: str, language: { type: 'string', enum: [...LANGUAGES] } } },
    sources: { type: 'array', items: { type: 'object', required: ['id', 'title'], properties: { id: str, title: localText } }, description: 'where the answer came from' },
    mode: { type: 'string', enum: ['deterministic', 'model'], description: 'who wrote the reply' },
    model_verdict: { ...nullableStr, description: 'null when no model was asked; "accepted"; or "fallback: <why>"' },
    alert_ids: { type: 'array', items: str },
    ack_at_ms: nullableInt, replied_at_ms: nullableInt,
    spoken: { type: 'boolean' },
  },
} as const;

function shown(turn: DialogueTurn, user: SignedInUser, pseudonymOf: (mrn: string) => string): WireTurn {
  const wire = turnToWire(turn);
  if (canSeePatientIdentifiers(user)) return wire;
  // Words said where no patient lies (a corridor, an empty bed) are nobody's health data.
  if (turn.patient === null) return wire;
  return { ...wire, patient: pseudonymOf(turn.patient), utterance: HIDDEN, reply: wire.reply && { ...wire.reply, text: HIDDEN } };
}

export function registerDialogueRoutes(app: FastifyInstance, deps: DialogueRoutesDeps): void {
  app.post<{ Body: { robot: string; text: string; language?: string } }>('/api/dialogue/utterances', {
    schema: {
      tags: ['dialogue'],
      summary: 'Say something to a robot as the patient at its bed would (staff testing, the patient screen); answers the turn',
      security: BEARER_SECURITY,
      body: {
        type: 'object', additionalProperties: false, required: ['robot', 'text'],
        properties: {
          robot: { type: 'string', minLength: 1, maxLength: 100 },
          text: { type: 'string', minLength: 1, maxLength: MAX_UTTERANCE_CHARS },
          language: { type: 'string', enum: [...LANGUAGES], description: 'detected from the text when left out' },
        },
      },
      response: { 200: { type: 'object', required: ['turn'], properties: { turn: TurnSchema } }, ...errorResponses(400, 401, 404) },
    },
    preHandler: requireUser(),
  }, async (request, reply) => {
    const user = signedIn(request);
    const { robot, text, language } = request.body;
    if (!deps.robotExists(robot)) return sendErrors(reply, [rmfError('not_found', `no robot named "${robot}"`)]);
    try {
      const turn = await deps.dialogue.handle({ robot, text, ...(language ? { language } : {}), source: `staff:${user.username}` });
      return { turn: shown(turn, user, deps.pseudonymOf) };
    } catch (err) {
      if (err instanceof DialogueInputError) return sendErrors(reply, err.problems.map((p) => rmfError('invalid_request', `body.${p.field}: ${p.detail}`)));
      throw err;
    }
  });

  app.get<{ Querystring: { robot?: string; patient?: string; limit: number } }>('/api/dialogue/turns', {
    schema: {
      tags: ['dialogue'],
      summary: 'Dialogue turns, newest first, with the sources of each answer (patient words hidden from engineer-only accounts)',
      security: BEARER_SECURITY,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          robot: { type: 'string', minLength: 1, maxLength: 100 },
          patient: { type: 'string', minLength: 1, maxLength: 100, description: 'record number (or the pseudonym, for engineer-only accounts)' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        },
      },
      response: { 200: { type: 'object', required: ['turns'], properties: { turns: { type: 'array', items: TurnSchema } } }, ...errorResponses(400, 401) },
    },
    preHandler: requireUser(),
  }, async (request) => {
    const user = signedIn(request);
    const { robot, limit } = request.query;
    let patient = request.query.patient;
    if (patient !== undefined && !canSeePatientIdentifiers(user)) {
      // An engineer knows patients only by pseudonym, so the filter is one; an unknown one matches nothing.
      patient = deps.turns.patients().find((mrn) => deps.pseudonymOf(mrn) === patient) ?? '\u0000no patient';
    }
    const turns = deps.turns.list({ ...(robot ? { robot } : {}), ...(patient !== undefined ? { patient } : {}), limit });
    return { turns: turns.map((t) => shown(t, user, deps.pseudonymOf)) };
  });
}
