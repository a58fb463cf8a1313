// health_education: at the patient's bedside the robot teaches each topic's sections, asks the
// teach-back questions, and grades what the patient says back. Anything not understood is
// re-taught a day later as a new task; red-flag words in an answer alert a nurse at once.
import { CONDITIONS, findPlace, type Condition, type Language, type Patient } from '../../../robot/index.js';
import { gradeTeachBack, planSession, type CheckStep, type EducationLibrary } from '../../education/index.js';
import type { JsonObject } from '../../store/types.js';
import { PHRASES, say } from '../dialogue/phrases.js';
import { redFlags } from '../dialogue/red-flags.js';
import { WorkflowFailed } from '../engine/errors.js';
import type { WorkflowContext, WorkflowEnd } from '../engine/types.js';
import { redFlagNames, redFlagSeverity } from '../dialogue/red-flags.js';
import { chineseName } from '../round/round-workflow.js';
import type { WorkflowServices } from '../services.js';
import type { EducationRecords, TeachBackRecord } from './education-records.js';

export interface EducationDeps {
  services: WorkflowServices;
  records: EducationRecords;
  library: EducationLibrary;
}

/** A repeat is taught the next day: long enough to rest, short enough to remember. */
export const REPEAT_AFTER_MS = 24 * 60 * 60 * 1000;
const MAX_KEPT_ANSWER_CHARS = 2_000;

/** The patient the description names (by record number or bed), or null. */
export function educationPatient(description: JsonObject, services: Pick<WorkflowServices, 'directory'>): Patient | null {
  if (typeof description.patient === 'string') return services.directory.patient(description.patient);
  if (typeof description.bed === 'string') return services.directory.patientInBed(description.bed);
  return null;
}

/** Topics the description names, or the patient's conditions. */
export function educationTopics(description: JsonObject, patient: Patient | null): Condition[] {
  const named = Array.isArray(description.topics) ? description.topics.map(String) : patient?.conditions ?? [];
  return [...new Set(named)].filter((t): t is Condition => (CONDITIONS as readonly string[]).includes(t));
}

export async function runHealthEducation(ctx: WorkflowContext, deps: EducationDeps): Promise<WorkflowEnd> {
  const { services, records, library } = deps;
  const patient = educationPatient(ctx.description, services);
  if (!patient) throw new WorkflowFailed('nothing_done', `no patient ${JSON.stringify(ctx.description.patient ?? ctx.description.bed ?? null)} in the ward records`);
  const place = patient.bed === null ? undefined : findPlace(services.ward, patient.bed);
  if (!place || patient.bed === null) throw new WorkflowFailed('unknown_place', `patient ${patient.recordNumber} is not in a bed on the ward map`);
  const topics = educationTopics(ctx.description, patient);
  if (topics.length === 0) throw new WorkflowFailed('nothing_done', `no topics to teach patient ${patient.recordNumber}: none named and no conditions recorded`);

  const finished = new Set<string>(ctx.resumed ? [...savedTopics(ctx.state), ...records.sessionsOfTask(ctx.taskId).map((s) => s.topic)] : []);
  const todo = topics.filter((t) => !finished.has(t));
  const lang = patient.language;

  if (todo.length > 0) {
    await ctx.skills.navigate(place);
    const seen = await ctx.skills.detectPerson();
    if (!seen.found) {
      const alert = services.alerts.raise({
        kind: 'patient_absent', severity: 'normal', bed: patient.bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
        text: { en: `${place.label.en}: patient not at the bedside for health education`, 'zh-CN': `${place.label['zh-CN']}：健康宣教时患者不在床旁` },
      });
      throw new WorkflowFailed('nothing_done', `patient absent from ${patient.bed} (alert ${alert.id})`);
    }
    const titles = todo.map((t) => library.topic(t).title[lang]).join(lang === 'en' ? ' and ' : '和');
    await ctx.skills.speak(say(PHRASES.educationHello, lang, greetingName(patient), titles), lang);
    const previous = records.previous(patient.recordNumber);
    let nurseTold = false;
    for (const topic of todo) {
      let steps = planSession(library, [topic], lang, { previous });
      // Staff asked for a topic the patient already understood: teach it whole again.
      if (steps.length === 0) steps = planSession(library, [topic], lang);
      const sectionsTaught: string[] = [];
      const checks: TeachBackRecord[] = [];
      for (const step of steps) {
        if (step.kind === 'teach') {
          await ctx.skills.speak(`${step.title}. ${step.text}`, lang);
          sectionsTaught.push(step.section);
          continue;
        }
        const check = await teachBack(ctx, services, step, lang);
        checks.push(check);
        const flags = redFlags(check.rawAnswer);
        if (flags.length) {
          services.alerts.raise({
            kind: 'red_flag', severity: redFlagSeverity(flags), bed: patient.bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
            text: {
              en: `${place.label.en}: said words that need a nurse now (${redFlagNames(flags, 'en')}) (health education)`,
              'zh-CN': `${place.label['zh-CN']}：说出需要护士立即处理的情况（${redFlagNames(flags, 'zh-CN')}）（健康宣教）`,
            },
            data: { topic, question: check.questionId, flags, answer: check.rawAnswer },
          });
          ctx.note('red_flag', `${patient.bed}: red flag ${flags.join(', ')} in a teach-back answer; nurse alerted`, { flags }, 'error');
          if (!nurseTold) await ctx.skills.speak(say(PHRASES.nurseInformed, lang), lang);
          nurseTold = true;
        }
      }
      const version = steps[0]?.version ?? library.topic(topic).version;
      records.record({ taskId: ctx.taskId, patient: patient.recordNumber, topic, version, language: lang, sectionsTaught, checks, timeMs: ctx.clock.now() });
      finished.add(topic);
      ctx.save({ done: [...finished] });
      ctx.note('taught', `${topic} v${version}: ${sectionsTaught.length} section(s), ${checks.filter((c) => c.understood).length} of ${checks.length} check(s) understood`,
        { topic, version, sections: sectionsTaught, understood: checks.map((c) => c.understood) });
    }
  }
  return finish(ctx, deps, patient, topics, lang, todo.length > 0);
}

async function teachBack(ctx: WorkflowContext, services: WorkflowServices, step: CheckStep, lang: Language): Promise<TeachBackRecord> {
  let heard: { text: string } | null = null;
  // Silence is asked once more (the patient may not have heard); a wrong answer is simply graded.
  for (let attempt = 1; attempt <= 2 && !heard; attempt++) {
    heard = await ctx.skills.ask({ id: `teach_back:${step.question.id}`, text: step.prompt, language: lang, kind: 'free_text', timeoutS: services.timing.answerS });
  }
  const rawAnswer = (heard?.text ?? '').slice(0, MAX_KEPT_ANSWER_CHARS);
  const grade = gradeTeachBack(step.question, rawAnswer, lang);
  return { questionId: step.question.id, section: step.question.section, rawAnswer, ...grade };
}

/** `atBedside` is false when a restart found every topic already taught: nobody to speak to. */
async function finish(ctx: WorkflowContext, deps: EducationDeps, patient: Patient, topics: Condition[], lang: Language, atBedside: boolean): Promise<WorkflowEnd> {
  const sessions = deps.records.sessionsOfTask(ctx.taskId);
  const checks = sessions.flatMap((s) => s.checks);
  const notUnderstood = checks.filter((c) => !c.understood).length;
  const repeatTopics = sessions.filter((s) => s.checks.some((c) => !c.understood)).map((s) => s.topic);
  let message = `taught ${sessions.length} topic(s); ${notUnderstood} of ${checks.length} check(s) not understood`;
  let repeatTaskId: string | null = null;
  if (repeatTopics.length > 0) {
    if (atBedside) await ctx.skills.speak(say(PHRASES.educationRepeat, lang), lang);
    const earliestStartMs = ctx.clock.now() + REPEAT_AFTER_MS;
    repeatTaskId = await deps.services.followUp({
      category: 'health_education', description: { patient: patient.recordNumber, topics: repeatTopics }, priority: null,
      requester: `robot:${ctx.robot}`, labels: [`repeat_of:${ctx.taskId}`], earliestStartMs,
    });
    deps.records.setRepeatTask(ctx.taskId, repeatTopics, repeatTaskId);
    message += `; repeat queued for ${new Date(earliestStartMs).toISOString().slice(0, 16).replace('T', ' ')} UTC (task ${repeatTaskId})`;
  }
  if (atBedside) await ctx.skills.speak(say(PHRASES.educationDone, lang), lang);
  return {
    message,
    data: { patient: patient.recordNumber, topics, repeat_topics: repeatTopics, repeat_task: repeatTaskId, checks: checks.length, not_understood: notUnderstood },
  };
}

function savedTopics(state: JsonObject | null): string[] {
  return Array.isArray(state?.done) ? state.done.map(String) : [];
}

function greetingName(patient: Patient): string {
  return patient.language === 'zh-CN' ? chineseName(patient) ?? patient.name : patient.name;
}
