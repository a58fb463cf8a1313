// The header's planner badge: which planner reads requests in staff's own words (the rules, or a
// language model and whether it runs on site), and why a configured model is not in use.
import { fetchPlannerMode } from './api.js';
import type { PlannerMode } from './api-types.js';
import { plannerText } from './plan-text.js';

export class PlannerBadge {
  private mode: PlannerMode | null = null;

  constructor(private readonly node: HTMLElement) {
    this.render();
  }

  async load(): Promise<void> {
    try {
      this.mode = await fetchPlannerMode();
    } catch (err) {
      // The badge only informs: a brain that cannot say leaves it out rather than guessing.
      console.warn('planner mode not loaded:', err);
      this.mode = null;
    }
    this.render();
  }

  /** Signed out: the badge goes with the rest of the staff's tools. */
  clear(): void {
    this.mode = null;
    this.render();
  }

  render(): void {
    const mode = this.mode;
    this.node.hidden = mode === null;
    if (!mode) return;
    const text = plannerText(mode);
    this.node.textContent = text;
    // A long reason is cut in the header; the whole sentence is in the tooltip.
    this.node.title = text;
    this.node.dataset['mode'] = mode.mode;
    this.node.className = `planner-badge planner-${mode.mode === 'model' ? 'model' : mode.reason ? 'refused' : 'rules'}`;
  }
}
