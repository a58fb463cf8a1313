// The order open alerts are shown in: most severe first, and within a severity the newest first.
import type { AlertSeverity, WardAlert } from './api-types.js';

const RANK: Record<AlertSeverity, number> = { critical: 0, high: 1, normal: 2 };

export function alertOrder(a: WardAlert, b: WardAlert): number {
  return RANK[a.severity] - RANK[b.severity] || b.raised_at_ms - a.raised_at_ms || a.id.localeCompare(b.id);
}

/** Open alerts by id: a raised alert joins, an acknowledged one leaves, whatever order events come in. */
export class OpenAlerts {
  private readonly byId = new Map<string, WardAlert>();
  /** Ids acknowledged here or elsewhere; a late "raised" echo of one of them is not shown again. */
  private readonly closed = new Set<string>();

  replace(alerts: readonly WardAlert[]): void {
    this.byId.clear();
    for (const alert of alerts) this.put(alert);
  }

  put(alert: WardAlert): void {
    if (alert.acknowledged) {
      this.closed.add(alert.id);
      this.byId.delete(alert.id);
    } else if (!this.closed.has(alert.id)) {
      this.byId.set(alert.id, alert);
    }
  }

  close(id: string): void {
    this.closed.add(id);
    this.byId.delete(id);
  }

  get size(): number { return this.byId.size; }

  sorted(): WardAlert[] { return [...this.byId.values()].sort(alertOrder); }
}
