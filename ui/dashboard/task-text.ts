// Words for a task's state and outcome, shared by the task board, the robots panel and the form.
import type { TaskState } from './api-types.js';
import { isMessageKey, t } from './i18n.js';

/** The place a task heads to, whether the brain echoes the description object or just the name. */
export function taskPlace(task: TaskState): string | null {
  const { detail } = task;
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object' && detail !== null) {
    const place = (detail as { place?: unknown }).place;
    if (typeof place === 'string') return place;
  }
  return null;
}

export const statusText = (task: TaskState): string => t(`tstatus.${task.status}`);

/** Why a task stopped, in words; a code this dashboard does not know yet is still shown, never dropped. */
export function reasonText(reason: { code: string; message: string }): string {
  const key = `reason.${reason.code}`;
  return isMessageKey(key) ? t(key) : t('reason.other', { message: reason.message || reason.code });
}

/** A staff role in words; a role this dashboard does not know yet is shown as the server spells it. */
export function roleText(role: string): string {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}

/** A task category in words ("Ward round"); an unknown one as the server spells it. */
export function categoryText(category: string): string {
  const key = `category.${category}`;
  return isMessageKey(key) ? t(key) : category;
}

/** The id of a task's row on the task board, which links to the task (a plan's "became tasks") point at. */
export const taskAnchor = (taskId: string): string => `task-${taskId}`;

/** An education topic (a condition) in words; an unknown one as the server spells it. */
export function topicText(topic: string): string {
  const key = `topic.${topic}`;
  return isMessageKey(key) ? t(key) : topic;
}
