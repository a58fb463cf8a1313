import type { JsonObject } from '../audit/index.js';

export const ALERT_KINDS = [
  'pain_high', 'patient_absent', 'wristband_mismatch', 'identity_not_confirmed', 'nurse_not_coming', 'staff_refused',
  'red_flag', 'medication_returned', 'loading_needed', 'low_battery', 'robot_fault', 'other',
  // A patient asked the robot for something a nurse must bring or answer (data.category says what).
  'nurse_call',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['critical', 'high', 'normal'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface AlertText {
  en: string;
  'zh-CN': string;
}

export interface RaiseAlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  /** What staff read on the dashboard, in both languages. */
  text: AlertText;
  /** Bed place name. */
  bed?: string | null;
  /** Patient record number. */
  patient?: string | null;
  taskId?: string | null;
  robot?: string | null;
  data?: JsonObject | null;
}

export interface Acknowledgement {
  by: { username: string; name: string };
  atMs: number;
  note: string | null;
}

export interface Alert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  text: AlertText;
  bed: string | null;
  patient: string | null;
  taskId: string | null;
  robot: string | null;
  data: JsonObject | null;
  raisedAtMs: number;
  acknowledged: Acknowledgement | null;
}

export type AlertEvent = { type: 'raised'; alert: Alert } | { type: 'acknowledged'; alert: Alert };
export type AlertListener = (event: AlertEvent) => void;

export interface AlertQuery {
  /** Only alerts raised at or after this time (ms). */
  since?: number;
  kind?: AlertKind;
  /** Default true; false gives only open alerts. */
  includeAcknowledged?: boolean;
  /** Default 200. */
  limit?: number;
}

export class AlertInputError extends Error {
  override readonly name = 'AlertInputError';
  constructor(readonly problems: { field: string; detail: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.detail}`).join('; '));
  }
}

export class AlertNotFound extends Error {
  override readonly name = 'AlertNotFound';
  constructor(readonly id: string) {
    super(`no alert with id "${id}"`);
  }
}

export class AlertAlreadyAcknowledged extends Error {
  override readonly name = 'AlertAlreadyAcknowledged';
  constructor(readonly alert: Alert) {
    const ack = alert.acknowledged;
    super(`alert "${alert.id}" was already acknowledged${ack ? ` by ${ack.by.name} (${ack.by.username}) at ${new Date(ack.atMs).toISOString()}` : ''}`);
  }
}
