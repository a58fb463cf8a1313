// One line for the start-up banner: which planner runs, so nobody wonders whether a model is in use.
import type { Brain } from '../brain/index.js';

export function plannerLine(brain: Brain): string {
  const m = brain.plans.mode;
  if (m.mode === 'model') return `  Planner     model ${m.model} (${m.site === 'on_site' ? 'on site' : 'off site, identifiers tokenised'}${m.edgeOnly ? ', edge only' : ''})`;
  return `  Planner     rules, no language model${m.reason ? ` (${m.reason})` : ' (set WARD_MODEL_BASE_URL and WARD_MODEL to use one)'}`;
}
