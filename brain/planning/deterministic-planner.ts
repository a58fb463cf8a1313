// The planner that needs no model. A structured request (the dashboard's forms, the API, a
// schedule) becomes a one-step plan; a request in plain words is read with rules (text-rules.ts)
// into ward tasks. Either way the result goes through the same validator as a model's plan.
import type { Language, MedicationOrder, Patient, WardMap } from '../../robot/index.js';
import type { DispatchRequest } from '../tasks/dispatch-request.js';
import type { JsonObject } from '../store/types.js';
import type { Plan, PlanProblem, TaskStep } from './plan-types.js';
import { medicationMatches } from '../ward/medication-names.js';
import { readRequest, type Intent, type ReadRequest } from './text-rules.js';

export type TextPlanResult = { ok: true; plan: Plan; read: ReadRequest } | { ok: false; problems: PlanProblem[]; read: ReadRequest };

export function planForRequest(request: DispatchRequest, language: Language = 'en'): Plan {
  const step: TaskStep = {
    kind: 'task', id: 's1', category: request.category, description: request.description,
    startAfter: request.earliestStartMs !== null ? new Date(request.earliestStartMs).toISOString() : null,
    priority: Number((request.priority as { value?: unknown } | null)?.value ?? 0) > 0 ? 'high' : 'normal',
    patient: null, bed: null, medications: [],
    why: `requested as a ${request.category} task${request.requester ? ` by ${request.requester}` : ''}`,
  };
  return { root: step, summary: `${request.category} as requested`, source: 'deterministic', language };
}

const NOT_UNDERSTOOD: PlanProblem = {
  code: 'not_understood', step: null, field: 'text',
  en: 'The rules could not tell what to do. With no language model configured, say it like: "take bed 12\'s medication after lunch", "teach bed 5 about their inhaler", "ward round of beds 1 to 10", "go to the pharmacy" — or use the task form.',
  'zh-CN': '规则无法理解该请求。未配置语言模型时，请这样说：“午饭后给12床送药”“给5床讲解吸入器”“1到10床查房”“去药房”，或使用任务表单。',
};

export function planFromText(text: string, ward: WardMap, patients: readonly Patient[], orders: readonly MedicationOrder[]): TextPlanResult {
  const read = readRequest(text, ward, patients, orders);
  const problems: PlanProblem[] = [];
  for (const bed of read.unknownBeds) {
    problems.push({ code: 'unknown_place', step: null, field: 'text', en: `the ward has no ${bed.replace('_', ' ')}`, 'zh-CN': `病区没有${bed.replace('bed_', '')}号床` });
  }
  if (read.intents.length === 0 || problems.length) return { ok: false, problems: problems.length ? problems : [NOT_UNDERSTOOD], read };

  const steps: TaskStep[] = [];
  const who = read.patients[0] ?? null;
  const base = (intent: Intent, description: JsonObject, why: string): TaskStep => ({
    kind: 'task', id: `s${steps.length + 1}`, category: intent, description, startAfter: read.startAfter, priority: 'normal',
    patient: who?.recordNumber ?? null, bed: who?.bed ?? read.beds[0] ?? null, medications: [], why,
  });
  for (const { intent, words } of read.intents) {
    const asked = `asked "${words}"`;
    switch (intent) {
      case 'medication_delivery': {
        if (!who) {
          problems.push({ code: 'unknown_patient', step: null, field: 'text', en: 'a delivery needs a bed or a patient\'s name', 'zh-CN': '送药需要说明床号或患者姓名' });
          break;
        }
        const active = orders.filter((o) => o.patient === who.recordNumber && o.status === 'active');
        const wanted = read.medications.length ? active.filter((o) => read.medications.some((m) => medicationMatches(m, o.medication))) : active;
        if (active.length === 0) {
          problems.push({ code: 'medication_not_ordered', step: null, field: 'text', en: `${who.bed ?? who.recordNumber}'s patient has no active medication order; nothing can be delivered`, 'zh-CN': `${who.bed ?? who.recordNumber}的患者没有有效医嘱，无药可送` });
          break;
        }
        const step = base(intent, { orders: (wanted.length ? wanted : active).map((o) => o.id) }, `${asked}: carry the active order(s) of the patient in ${who.bed} from the pharmacy and hand them to a nurse at the bed`);
        step.medications = read.medications;
        steps.push(step);
        break;
      }
      case 'health_education':
        if (!who) {
          problems.push({ code: 'unknown_patient', step: null, field: 'text', en: 'a lesson needs a bed or a patient\'s name', 'zh-CN': '宣教需要说明床号或患者姓名' });
          break;
        }
        steps.push(base(intent, { patient: who.recordNumber, ...(read.topics.length ? { topics: read.topics } : {}) },
          `${asked}: teach ${read.topics.length ? read.topics.join(', ') : 'the patient\'s recorded conditions'} with teach-back`));
        break;
      case 'ward_round':
        steps.push(base(intent, read.beds.length ? { beds: read.beds } : {}, `${asked}: ask ${read.beds.length ? read.beds.join(', ') : 'every occupied bed'} the round questions`));
        break;
      case 'go_to_place': {
        const place = read.places[0]?.name ?? (read.beds.length === 1 && read.intents.length === 1 ? read.beds[0] : undefined);
        if (!place) {
          problems.push({ code: 'unknown_place', step: null, field: 'text', en: 'where to? name a place such as the pharmacy or a bed', 'zh-CN': '去哪里？请说明地点，例如药房或床号' });
          break;
        }
        steps.push({ ...base(intent, { place }, `${asked}: drive to ${place}`), patient: null, bed: null });
        break;
      }
    }
  }
  if (problems.length || steps.length === 0) return { ok: false, problems: problems.length ? problems : [NOT_UNDERSTOOD], read };
  const root = steps.length === 1 ? steps[0]! : { kind: 'sequence' as const, id: 'root', steps };
  const summary = read.language === 'zh-CN'
    ? `按规则理解：${steps.map((s) => `${s.category}${s.bed ? `（${s.bed}）` : ''}`).join('，然后 ')}${read.startAfter ? `，${read.startAfter} 之后开始` : ''}`
    : `Read by rules: ${steps.map((s) => `${s.category}${s.bed ? ` for ${s.bed}` : ''}`).join(', then ')}${read.startAfter ? `, not before ${read.startAfter}` : ''}`;
  return { ok: true, plan: { root, summary, source: 'deterministic', language: read.language }, read };
}
