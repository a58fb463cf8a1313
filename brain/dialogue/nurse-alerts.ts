// The alerts a conversation raises, as staff read them on the dashboard. The text names the bed,
// never the patient (engineers see alerts too), and not the patient's words either: those are
// health data, kept in the dialogue turn the alert's data points to.
import type { RaiseAlertInput } from '../alerts/index.js';
import { redFlag, redFlagSeverity, type RedFlagId } from '../workflows/dialogue/red-flags.js';
import type { LocalText, NurseCallCategory } from './types.js';

export interface Where {
  robot: string;
  bed: string | null;
  /** The bed's label ("Bed 3" / "3号床"), when the robot stands at a known place. */
  label: LocalText | null;
  patient: string | null;
  /** The task the robot is running, if any: alerts then dedupe with the workflow's own for the same bed. */
  taskId: string | null;
}

const CALLS: Readonly<Record<NurseCallCategory, { en: string; zh: string; severity: 'high' | 'normal' }>> = {
  water: { en: 'asks for water', zh: '要喝水', severity: 'normal' },
  toilet: { en: 'needs help to the toilet', zh: '需要帮助去卫生间', severity: 'normal' },
  pain: { en: 'says they are in pain', zh: '说自己疼', severity: 'high' },
  call_nurse: { en: 'asks for a nurse', zh: '要找护士', severity: 'normal' },
  cold: { en: 'is cold and asks for a blanket', zh: '觉得冷，要毯子', severity: 'normal' },
  help_moving: { en: 'needs help to move', zh: '需要帮助挪动', severity: 'normal' },
  unwell: { en: 'says they feel unwell', zh: '说自己不舒服', severity: 'high' },
  other: { en: 'has a request', zh: '有事需要帮忙', severity: 'normal' },
  question: { en: 'has a question the robot could not answer', zh: '有个问题机器人答不了', severity: 'normal' },
  clinical_question: { en: 'has a question about their treatment that only a nurse may answer', zh: '有关于治疗的问题，需要护士回答', severity: 'normal' },
};

function place(where: Where): LocalText {
  if (where.label) return where.label;
  if (where.bed) return { en: where.bed, 'zh-CN': where.bed };
  return { en: `Near ${where.robot}`, 'zh-CN': `${where.robot}附近` };
}

const common = (where: Where) => ({ bed: where.bed, patient: where.patient, taskId: where.taskId, robot: where.robot });

export function redFlagAlert(flags: readonly RedFlagId[], where: Where, turn: string): RaiseAlertInput {
  const info = flags.map(redFlag);
  const at = place(where);
  return {
    kind: 'red_flag',
    severity: redFlagSeverity(flags),
    text: {
      en: `${at.en}: said words that need a nurse now (${info.map((f) => f.name.en).join(', ')}) (talking to the robot)`,
      'zh-CN': `${at['zh-CN']}：说出需要护士立即处理的情况（${info.map((f) => f.name['zh-CN']).join('、')}）（与机器人对话）`,
    },
    ...common(where),
    data: { flags: [...flags], turn, source: 'dialogue' },
  };
}

export function nurseCallAlert(category: NurseCallCategory, where: Where, turn: string, detail: string | null = null): RaiseAlertInput {
  const call = CALLS[category];
  const at = place(where);
  return {
    kind: 'nurse_call',
    severity: call.severity,
    text: { en: `${at.en}: patient ${call.en} (talking to the robot)`, 'zh-CN': `${at['zh-CN']}：患者${call.zh}（与机器人对话）` },
    ...common(where),
    data: { category, ...(detail ? { detail } : {}), turn, source: 'dialogue' },
  };
}
