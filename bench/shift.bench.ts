// shift_*: an eight-hour ward shift on the clinic (3 robots, 30 beds), the real brain on the simulator's
// clock: two ward rounds from schedules (08:00 and 14:00, each split into three parts of ten beds),
// 40 medication deliveries and 20 education sessions spread over the shift, with a few mishaps (two
// patients off the ward, one wrong wristband) and patients who mostly understand their lessons. Measures how fast the
// whole stack runs the shift (shift_rtf: sim seconds per wall second) and how the tasks ended.
import { DEFAULT_SHIFT, runShift } from './shift-scenario.js';
import { progress, report, type Benchmark } from './report.js';

const TIME_SCALE = Number(process.env.SHIFT_TIME_SCALE ?? DEFAULT_SHIFT.timeScale);

const bench: Benchmark = {
  name: 'shift',
  about: `8 h clinic shift, ${DEFAULT_SHIFT.robots} robots: rounds at ${DEFAULT_SHIFT.roundTimes.join(' and ')} (3 parts of 10 beds), `
    + `${DEFAULT_SHIFT.deliveries} deliveries, ${DEFAULT_SHIFT.educations} education sessions, time scale ${TIME_SCALE}`,
  async run() {
    const r = await runShift({ ...DEFAULT_SHIFT, timeScale: TIME_SCALE, progress });
    if (r.capped) progress(`stopped by the ${DEFAULT_SHIFT.wallCapS} s wall-time cap after ${(r.simS / 3600).toFixed(2)} sim hours`);
    for (const why of r.refused) progress(`refused: ${why}`);
    progress(`${r.loads} loads, ${r.unloads} unloads by the pharmacist; ${r.open} shift tasks still open, ${r.canceled} canceled; ${r.followUps} follow-ups queued by robots (education repeats, next day); audit chain ${r.auditOk ? 'intact' : 'BROKEN'}`);
    const byCategory: Record<string, string> = {};
    for (const cat of [...new Set(r.shiftTasks.map((t) => t.category))].sort()) {
      const ts = r.shiftTasks.filter((t) => t.category === cat);
      byCategory[cat] = `${ts.filter((t) => t.status === 'completed').length}/${ts.length} completed`;
    }
    progress(Object.entries(byCategory).map(([c, v]) => `${c} ${v}`).join(', '));
    report('shift_wall_s', r.wallS, 's');
    report('shift_rtf', r.simS / r.wallS, 'x');
    report('shift_tasks_total', r.shiftTasks.length, 'tasks');
    report('shift_tasks_completed', r.completed, 'tasks');
    report('shift_tasks_failed', r.failed, 'tasks');
    for (const [code, n] of Object.entries(r.failures).sort()) report(`shift_failed_${code}`, n, 'tasks');
  },
};
export default bench;
