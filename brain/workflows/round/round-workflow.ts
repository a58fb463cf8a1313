// ward_round: the robot goes from bed to bed (nearest first), checks the patient is there, asks the
// round's questions in the patient's language, records the answers and alerts a nurse where an
// answer calls for one. Progress is saved after each bed; a low battery hands the rest back.
import { findPlace, type Language, type Patient, type PlaceLabel } from '../../../robot/index.js';
import type { JsonObject } from '../../store/types.js';
import { PHRASES, say } from '../dialogue/phrases.js';
import { redFlags } from '../dialogue/red-flags.js';
import { nearestFirst } from '../delivery/delivery-plan.js';
import { SkillFailed, WorkflowFailed } from '../engine/errors.js';
import type { WorkflowContext, WorkflowEnd } from '../engine/types.js';
import type { WorkflowServices } from '../services.js';
import { redFlagSeverity } from '../dialogue/red-flags.js';
import { MAX_KEPT_ANSWER_CHARS, ROUND_QUESTIONS, redFlagNames, type RoundQuestion } from './questions.js';
import type { RoundAnswer, RoundRecords, RoundVisit, VisitStatus } from './round-records.js';

/** Navigation failures that make one bed unreachable without making the whole round pointless. */
const BED_UNREACHABLE = new Set(['unknown_place', 'no_route', 'robot_unreachable']);
const ASKS_PER_QUESTION = 2;

/** Beds the description names, or every bed with a patient in it now. */
export function roundBeds(description: JsonObject, services: Pick<WorkflowServices, 'directory' | 'ward'>): string[] {
  if (Array.isArray(description.beds)) return description.beds.map(String);
  const occupied = new Set(services.directory.patients().map((p) => p.bed).filter((b): b is string => b !== null));
  return services.ward.places.filter((p) => p.kind === 'bed' && occupied.has(p.name)).map((p) => p.name);
}

export async function runWardRound(ctx: WorkflowContext, services: WorkflowServices, records: RoundRecords): Promise<WorkflowEnd> {
  const beds = roundBeds(ctx.description, services);
  if (beds.length === 0) throw new WorkflowFailed('nothing_done', 'no beds to visit: no bed on the ward has a patient');
  const done = new Set<string>(ctx.resumed ? [...savedBeds(ctx.state), ...records.visitedBeds(ctx.taskId)] : []);
  const start = services.placeOfRobot(ctx.robot);
  const order = nearestFirst(beds.filter((b) => !done.has(b)).map((bed) => ({ bed, place: findPlace(services.ward, bed) ?? null })), start).map((x) => x.bed);
  ctx.note('plan', `${ctx.resumed ? `resumed: ${done.size} bed(s) already done; ` : ''}beds in order: ${order.join(', ') || '(none left)'}`, { order, done: [...done] });

  for (const [i, bed] of order.entries()) {
    const battery = ctx.batteryPct();
    if (battery < services.handBackBatteryPct) await handBack(ctx, services, order.slice(i), battery, done.size, beds.length);
    const visit = await visitBed(ctx, services, bed);
    records.record(visit);
    done.add(bed);
    ctx.save({ done: [...done] });
  }
  return finish(ctx, records);
}

function savedBeds(state: JsonObject | null): string[] {
  return Array.isArray(state?.done) ? state.done.map(String) : [];
}

async function handBack(ctx: WorkflowContext, services: WorkflowServices, rest: string[], battery: number, doneCount: number, total: number): Promise<never> {
  const id = await services.followUp({
    category: 'ward_round', description: { beds: rest }, priority: null, requester: `robot:${ctx.robot}`,
    labels: [`handed_back_from:${ctx.taskId}`], earliestStartMs: null,
  });
  ctx.note('handed_back', `battery ${Math.round(battery)}% is below ${services.handBackBatteryPct}%: ${rest.length} bed(s) handed back as task ${id}`, { beds: rest, follow_up: id }, 'warning');
  throw new WorkflowFailed('handed_back', `battery ${Math.round(battery)}% after ${doneCount} of ${total} bed(s); ${rest.join(', ')} handed back as task ${id}`);
}

async function visitBed(ctx: WorkflowContext, services: WorkflowServices, bed: string): Promise<RoundVisit> {
  const place = findPlace(services.ward, bed);
  const patient = services.directory.patientInBed(bed);
  const base = {
    taskId: ctx.taskId, bed, bedLabel: place?.label ?? { en: bed, 'zh-CN': bed }, patient: patient?.recordNumber ?? null,
    name: patient?.name ?? null, nameZh: patient ? chineseName(patient) : null, detail: null, answers: [], alerts: [],
  };
  const visit = (status: VisitStatus, extra: Partial<RoundVisit> = {}): RoundVisit => ({ ...base, status, ...extra, timeMs: ctx.clock.now() });
  if (!place || place.kind !== 'bed') return skipped(ctx, visit, `${bed} is not a bed on the ward map`);
  if (!patient) return skipped(ctx, visit, `no patient in ${bed}`);

  try {
    await ctx.skills.navigate(place);
  } catch (err) {
    if (err instanceof SkillFailed && BED_UNREACHABLE.has(err.code)) return skipped(ctx, visit, err.message);
    throw err;
  }
  const seen = await ctx.skills.detectPerson();
  if (!seen.found) {
    const alert = services.alerts.raise({
      kind: 'patient_absent', severity: 'normal', bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
      text: { en: `${place.label.en}: patient not at the bedside during the ward round`, 'zh-CN': `${place.label['zh-CN']}：查房时患者不在床旁` },
    });
    ctx.note('absent', `${bed}: nobody at the bedside`, { bed }, 'warning');
    return visit('absent', { alerts: [alert.id] });
  }

  const lang = patient.language;
  await ctx.skills.speak(say(PHRASES.greeting, lang, lang === 'zh-CN' ? chineseName(patient) ?? patient.name : patient.name), lang);
  const bedAlerts: string[] = [];
  const answers: RoundAnswer[] = [];
  const flagged = new Set<string>();
  // Red-flag words alert a nurse the moment they are heard, once per flag and bed.
  const onRedFlags = async (q: RoundQuestion, flags: readonly string[], raw: string): Promise<void> => {
    const fresh = flags.filter((f) => !flagged.has(f));
    if (fresh.length === 0) return;
    const firstAtBed = flagged.size === 0;
    fresh.forEach((f) => flagged.add(f));
    bedAlerts.push(services.alerts.raise({
      kind: 'red_flag', severity: redFlagSeverity(fresh), bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
      text: alertText(place.label, { en: `said words that need a nurse now (${redFlagNames(fresh, 'en')})`, 'zh-CN': `说出需要护士立即处理的情况（${redFlagNames(fresh, 'zh-CN')}）` }),
      data: { question: q.id, flags: fresh, answer: raw },
    }).id);
    ctx.note('red_flag', `${bed}: red flag ${fresh.join(', ')} in the answer to ${q.id}; nurse alerted`, { bed, question: q.id, flags: fresh }, 'error');
    if (firstAtBed) await ctx.skills.speak(say(PHRASES.nurseInformed, lang), lang);
  };
  for (const q of ROUND_QUESTIONS) {
    const heard = await askQuestion(ctx, services, q, lang, onRedFlags);
    if (heard === 'silent' && q === ROUND_QUESTIONS[0]) {
      // Nobody answers the first question twice: asleep or unable; the rest would go unanswered too.
      const alert = services.alerts.raise({
        kind: 'other', severity: 'normal', bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
        text: { en: `${place.label.en}: patient is at the bedside but did not answer the ward-round questions; please check on them`, 'zh-CN': `${place.label['zh-CN']}：患者在床旁，但未回答查房问题，请去看看` },
      });
      ctx.note('no_answer', `${bed}: no answer to the first question`, { bed }, 'warning');
      return visit('no_answer', { alerts: [alert.id] });
    }
    const answer: RoundAnswer = heard === 'silent' ? { question: q.id, raw: '', value: null, unclear: q.kind !== 'free_text', redFlags: [] } : heard;
    answers.push(answer);
    const rule = answer.unclear ? null : q.alert(answer.value);
    // A "yes, I can't breathe" already raised a critical red flag: the question's own rule adds nothing.
    if (rule && !(rule.kind === 'red_flag' && answer.redFlags.length > 0)) {
      bedAlerts.push(services.alerts.raise({
        kind: rule.kind, severity: rule.severity, bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
        text: alertText(place.label, rule.text), data: { question: q.id, value: answer.value },
      }).id);
    }
    ctx.note('answer', `${bed}: ${q.id} ${answer.unclear ? 'unclear' : 'answered'}${rule ? `; ${rule.kind} alert` : ''}`,
      { bed, question: q.id, unclear: answer.unclear, red_flags: answer.redFlags });
  }
  await ctx.skills.speak(say(PHRASES.roundThanks, lang), lang);
  return visit('visited', { answers, alerts: bedAlerts });
}

type RedFlagHandler = (q: RoundQuestion, flags: readonly string[], raw: string) => Promise<void>;

/** Asks up to twice; the answer with its value, or 'silent' when the patient said nothing at all. */
async function askQuestion(ctx: WorkflowContext, services: WorkflowServices, q: RoundQuestion, lang: Language, onRedFlags: RedFlagHandler): Promise<RoundAnswer | 'silent'> {
  let last: RoundAnswer | null = null;
  for (let attempt = 1; attempt <= ASKS_PER_QUESTION; attempt++) {
    const heard = await ctx.skills.ask({
      id: `round:${q.id}`, text: q.text[lang], language: lang, kind: q.kind, timeoutS: services.timing.answerS,
      ...(q.choices ? { choices: q.choices.map((c) => c.label[lang]) } : {}),
    });
    // A free-text question left unanswered means "nothing to add": not worth asking again.
    if (!heard && q.kind === 'free_text') return { question: q.id, raw: '', value: null, unclear: false, redFlags: [] };
    if (!heard) continue;
    const raw = heard.text.slice(0, MAX_KEPT_ANSWER_CHARS);
    const value = q.parse(raw);
    const flags = redFlags(raw).filter((f) => !(q.echoedFlags?.includes(f) && value === false));
    await onRedFlags(q, flags, raw);
    // Red flags count from every attempt, even one that was otherwise unclear.
    const earlier: readonly string[] = last === null ? [] : (last as RoundAnswer).redFlags;
    const answer: RoundAnswer = { question: q.id, raw, value, unclear: value === null && q.kind !== 'free_text', redFlags: [...new Set([...earlier, ...flags])] };
    if (!answer.unclear) return answer;
    last = answer;
  }
  return last ?? 'silent';
}

function alertText(label: PlaceLabel, finding: { en: string; 'zh-CN': string }): { en: string; 'zh-CN': string } {
  return { en: `${label.en}: ${finding.en} (ward round)`, 'zh-CN': `${label['zh-CN']}：${finding['zh-CN']}（查房）` };
}

function skipped(ctx: WorkflowContext, visit: (s: VisitStatus, extra?: Partial<RoundVisit>) => RoundVisit, why: string): RoundVisit {
  ctx.note('skipped', why, null, 'warning');
  return visit('skipped', { detail: why });
}

/** The name a Chinese-speaking patient is greeted by: the first recorded name in Chinese characters. */
export function chineseName(patient: Pick<Patient, 'name' | 'otherNames'>): string | null {
  return [patient.name, ...patient.otherNames].find((n) => /[\u4e00-\u9fff]/.test(n)) ?? null;
}

function finish(ctx: WorkflowContext, records: RoundRecords): WorkflowEnd {
  const summary = records.summary(ctx.taskId);
  const c = summary.counts;
  const seen = c.visited + c.noAnswer;
  const parts = [`visited ${seen} of ${c.beds} bed(s)`];
  if (c.absent) parts.push(`${c.absent} absent`);
  if (c.noAnswer) parts.push(`${c.noAnswer} did not answer`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  parts.push(`${c.alerts} alert(s)`);
  const message = parts.join('; ');
  if (seen === 0) throw new WorkflowFailed('nothing_done', `no patient could be asked: ${message}`);
  return { message, data: { summary: summary as unknown as JsonObject } };
}
