// A schedule's recurrence and occurrences in words, in the dashboard's language:
// "every day at 08:00 and 16:00", "every 2 days at 10:30, Mon and Wed only, from 2025-06-01".
import type { Lang, Recurrence } from './api-types.js';
import { lang, t } from './i18n.js';

/** "08:00 and 16:00" / "08:00、16:00": the list joined the way the language does. */
export function listText(items: readonly string[], language: Lang = lang()): string {
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

export function recurrenceText(r: Recurrence): string {
  const times = listText([...r.times].sort());
  const every = r.every_days ?? 1;
  const parts = [every === 1 ? t('sched.everyDay', { times }) : t('sched.everyNDays', { n: every, times })];
  if (r.weekdays?.length) parts.push(t('sched.onlyOn', { days: listText(r.weekdays.map((d) => t(`weekday.${d}`))) }));
  parts.push(r.end_date ? t('sched.between', { start: r.start_date, end: r.end_date }) : t('sched.from', { start: r.start_date }));
  return parts.join(t('sched.separator'));
}

/** An occurrence as staff read it: weekday, date and time in the schedule's own time zone. */
export function occurrenceText(unixMs: number, timeZone: string, language: Lang = lang()): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Date(unixMs).toLocaleString(language, timeZone ? { ...options, timeZone } : options);
  } catch {
    // A zone this browser does not know: the browser's own.
    return new Date(unixMs).toLocaleString(language, options);
  }
}

/** "08:00, 16:00" or "8:00 16:00" → ["08:00", "16:00"]; null names the first piece that is no time of day. */
export function parseTimes(input: string): { ok: true; times: string[] } | { ok: false; bad: string } {
  const pieces = input.split(/[,，、;\s]+/).map((s) => s.trim()).filter((s) => s !== '');
  const times: string[] = [];
  for (const piece of pieces) {
    const m = /^(\d{1,2})[:：](\d{2})$/.exec(piece);
    const h = m ? Number(m[1]) : NaN;
    const min = m ? Number(m[2]) : NaN;
    if (!(h >= 0 && h <= 23 && min >= 0 && min <= 59)) return { ok: false, bad: piece };
    const time = `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
    if (!times.includes(time)) times.push(time);
  }
  return pieces.length ? { ok: true, times } : { ok: false, bad: '' };
}
