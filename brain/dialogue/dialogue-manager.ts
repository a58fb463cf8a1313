// One patient utterance in, one turn out. The order of work is the safety case:
//  1. the input is checked and bounded;
//  2. red flags are looked for and the nurse alerted synchronously, before anything is awaited, so
//     the alert is in the nurses' list within milliseconds of the words arriving (the rule is 2 s);
//  3. if a workflow is waiting for this answer, that is all: the workflow owns the words;
//  4. otherwise the intent rules decide what happens, and the robot says so, briefly.
// Every turn is stored and audited, whatever happened.
import { randomUUID } from 'node:crypto';
import type { Language, MedicationOrder, Patient } from '../../robot/index.js';
import type { AuditActor } from '../audit/index.js';
import { PHRASES, say } from '../workflows/dialogue/phrases.js';
import { redFlags, type RedFlagId } from '../workflows/dialogue/red-flags.js';
import { answerQuestion } from './answer-question.js';
import { checkInput, detectLanguage, type CheckedInput } from './input.js';
import type { DialogueDeps } from './dialogue-deps.js';
import { classify } from './intents.js';
import { nurseCallAlert, redFlagAlert, type Where } from './nurse-alerts.js';
import { libraryPassages, medicineNames, type SourcePassage } from './sources.js';
import type { DialogueInput, DialogueTurn, Intent, NurseCallCategory, SourceRef } from './types.js';

/** Instruction-like text is kept in the audit log verbatim, up to this many characters. */
const AUDITED_UTTERANCE_CHARS = 200;
/** Red flags must reach a nurse within this time of the words being heard. */
export const RED_FLAG_DEADLINE_MS = 2_000;

// One calm sentence for the gravest flag heard; the order is which one that is.
const RED_FLAG_REPLIES: readonly [RedFlagId, PlainPhrase][] = [
  ['suicide', 'redFlagSuicide'], ['chest_pain', 'redFlagChestPain'], ['breathing', 'redFlagBreathing'],
  ['bleeding', 'redFlagBleeding'], ['fall', 'redFlagFall'], ['confusion', 'redFlagConfusion'],
];

const CALL_REPLIES: Readonly<Record<Extract<Intent, { kind: 'nurse_call' }>['category'], PlainPhrase>> = {
  water: 'callWater', toilet: 'callToilet', pain: 'callPain', call_nurse: 'callNurse', cold: 'callCold',
  help_moving: 'callHelpMoving', unwell: 'callUnwell', other: 'callOther',
};

/** The phrases that take no arguments. */
type PlainPhrase = { [K in keyof typeof PHRASES]: (typeof PHRASES)[K] extends Record<Language, () => string> ? K : never }[keyof typeof PHRASES];
const phrase = (key: PlainPhrase, language: Language) => say<[]>(PHRASES[key], language);

/** What the intent step decided: the reply, and the record of why. */
interface Outcome {
  intent: DialogueTurn['intent'];
  detail: string | null;
  reply: string | null;
  sources: SourceRef[];
  mode: DialogueTurn['mode'];
  modelVerdict: string | null;
  ackAtMs: number | null;
}

export class DialogueManager {
  /** The library is fixed for the brain's life; its passages are built once. */
  private readonly library: SourcePassage[];

  constructor(private readonly deps: DialogueDeps) {
    this.library = libraryPassages(deps.library);
  }

  /** Throws DialogueInputError for input without a robot or text; everything else becomes a turn. */
  async handle(input: DialogueInput): Promise<DialogueTurn> {
    const { deps } = this;
    const heard = checkInput(input);
    const id = randomUUID();
    const heardAtMs = heard.heardAtMs ?? deps.now();
    const patient = deps.patientAt(heard.robot);
    const place = deps.placeOf(heard.robot);
    const language: Language = heard.language ?? detectLanguage(heard.text) ?? patient?.language ?? 'en';
    const where: Where = {
      robot: heard.robot, bed: patient?.bed ?? (place?.kind === 'bed' ? place.name : null), label: place?.label ?? null,
      patient: patient?.recordNumber ?? null, taskId: deps.activeTask(heard.robot),
    };

    // Red flags first, and synchronously: nothing above or here awaits.
    const flags = redFlags(heard.fullText);
    const alertIds: string[] = [];
    if (flags.length > 0) {
      alertIds.push(deps.alerts.raise(redFlagAlert(flags, where, id)).id);
      const lateMs = deps.now() - heardAtMs;
      if (lateMs > RED_FLAG_DEADLINE_MS) deps.logger.warn({ turn: id, flags, lateMs }, 'red-flag alert raised later than 2 s after the words were heard');
    }

    let outcome: Outcome;
    if (deps.isListening(heard.robot)) {
      outcome = { ...silent(), intent: 'workflow_answer' };
    } else if (flags.length > 0) {
      // A nurse is already coming: one calm sentence, and no answer to anything else said with it.
      const key = RED_FLAG_REPLIES.find(([flag]) => flags.includes(flag))?.[1] ?? 'callNurse';
      const intent = classify(heard.text);
      outcome = { ...silent(), intent: intent.kind, detail: detailOf(intent), reply: phrase(key, language) };
    } else {
      outcome = await this.act(id, heard, language, patient, where, alertIds);
    }

    let repliedAtMs: number | null = null;
    let spoken = false;
    if (outcome.reply !== null) {
      repliedAtMs = deps.now();
      spoken = await this.say(id, heard.robot, outcome.reply, language);
    }
    const turn: DialogueTurn = {
      id, robot: heard.robot, patient: where.patient, bed: where.bed, heardAtMs, utterance: heard.text, language, source: heard.source,
      intent: outcome.intent, detail: outcome.detail, redFlags: flags,
      reply: outcome.reply === null ? null : { text: outcome.reply, language }, sources: outcome.sources,
      mode: outcome.mode, modelVerdict: outcome.modelVerdict, alertIds, ackAtMs: outcome.ackAtMs, repliedAtMs, spoken,
    };
    deps.turns.record(turn);
    this.audit(turn, heard);
    return turn;
  }

  private async act(id: string, heard: CheckedInput, language: Language, patient: Patient | null, where: Where, alertIds: string[]): Promise<Outcome> {
    const { deps } = this;
    const orders: MedicationOrder[] = patient ? deps.directory.orders({ patient: patient.recordNumber, status: 'active' }) : [];
    const intent = classify(heard.text, { medicineNames: medicineNames(orders) });
    const base = { ...silent(), intent: intent.kind, detail: detailOf(intent) };
    const call = (category: NurseCallCategory, detail: string | null = null) => alertIds.push(deps.alerts.raise(nurseCallAlert(category, where, id, detail)).id);
    switch (intent.kind) {
      case 'untrusted_instruction':
        // Logged (here and, verbatim, in the audit entry) and refused. Nothing else happens: there is nothing else it could reach.
        deps.logger.warn({ turn: id, robot: heard.robot }, 'instruction-like patient text refused; it is data, not a command');
        return { ...base, reply: phrase('untrustedRefusal', language) };
      case 'clinical_question_for_nurse':
        call('clinical_question', intent.reason);
        return { ...base, reply: phrase('clinicalForNurse', language) };
      case 'nurse_call':
        call(intent.category);
        return { ...base, reply: phrase(CALL_REPLIES[intent.category], language) };
      case 'question': {
        const answer = await answerQuestion(
          { about: intent.about, utterance: heard.text, language, patient, orders, library: this.library },
          { ...deps, say: (text, lang) => this.say(id, heard.robot, text, lang) },
          id,
        );
        if (!answer.found) call('question', intent.about);
        return { ...base, reply: answer.text, sources: answer.sources, mode: answer.mode, modelVerdict: answer.modelVerdict, ackAtMs: answer.ackAtMs };
      }
      case 'greeting':
        return { ...base, reply: phrase('dialogueGreeting', language) };
      case 'thanks':
        return { ...base, reply: phrase('dialogueThanks', language) };
      case 'unknown':
        return { ...base, reply: phrase('notUnderstood', language) };
    }
  }

  /** A failed Speak goal is logged, not thrown: the alert and the record matter more than the sentence. */
  private async say(turn: string, robot: string, text: string, language: Language): Promise<boolean> {
    try {
      await this.deps.speak(robot, text, language);
      return true;
    } catch (err) {
      this.deps.logger.error({ turn, robot, err }, 'could not speak the dialogue reply');
      return false;
    }
  }

  private audit(turn: DialogueTurn, heard: CheckedInput): void {
    const untrusted = turn.intent === 'untrusted_instruction';
    this.deps.audit.append({
      actor: actorOf(turn, heard),
      action: 'dialogue.turn',
      subject: { type: 'dialogue_turn', id: turn.id },
      ...(untrusted ? { reason: 'instruction-like text from the bedside: logged and refused, nothing done' } : {}),
      data: {
        robot: turn.robot, bed: turn.bed, patient: turn.patient, language: turn.language, intent: turn.intent, detail: turn.detail,
        redFlags: turn.redFlags, alerts: turn.alertIds, mode: turn.mode, modelVerdict: turn.modelVerdict,
        sources: turn.sources.map((s) => s.id), spoken: turn.spoken,
        ...(untrusted ? { utterance: heard.text.slice(0, AUDITED_UTTERANCE_CHARS) } : {}),
      },
    });
  }
}

function silent(): Omit<Outcome, 'intent'> {
  return { detail: null, reply: null, sources: [], mode: 'deterministic', modelVerdict: null, ackAtMs: null };
}

function detailOf(intent: Intent): string | null {
  switch (intent.kind) {
    case 'nurse_call': return intent.category;
    case 'question': return intent.about;
    case 'clinical_question_for_nurse': return intent.reason;
    default: return null;
  }
}

/** Staff typing at the dashboard act as themselves; otherwise the patient in the bed spoke, or someone near the robot. */
function actorOf(turn: DialogueTurn, heard: CheckedInput): AuditActor {
  const staff = heard.source?.startsWith('staff:') ? heard.source.slice('staff:'.length) : '';
  if (staff) return { kind: 'staff', id: staff };
  return turn.patient ? { kind: 'patient', id: turn.patient } : { kind: 'robot', id: turn.robot };
}
