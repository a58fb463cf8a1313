// Which drawer carries what, and in which order the beds are visited: one drawer per patient, so
// that opening a drawer at one bed never exposes another patient's medication.
import type { MedicationOrder, Patient, Place, WardMap } from '../../../robot/index.js';
import { findPlace } from '../../../robot/index.js';

export const DRAWERS_PER_ROBOT = 4;

export interface DrawerLoad {
  drawer: number;
  patient: string;
  bed: string;
  orders: string[];
  controlled: boolean;
}

export function assignDrawers(orders: readonly MedicationOrder[], patientOf: (mrn: string) => Patient | null, ward: WardMap, start: Place | null): DrawerLoad[] {
  const byPatient = new Map<string, MedicationOrder[]>();
  for (const o of orders) byPatient.set(o.patient, [...(byPatient.get(o.patient) ?? []), o]);
  const groups = [...byPatient.entries()].map(([mrn, list]) => {
    const bed = patientOf(mrn)?.bed ?? '';
    return { patient: mrn, bed, place: findPlace(ward, bed) ?? null, orders: list };
  });
  const ordered = nearestFirst(groups, start);
  return ordered.map((g, i) => ({ drawer: i + 1, patient: g.patient, bed: g.bed, orders: g.orders.map((o) => o.id), controlled: g.orders.some((o) => o.controlled) }));
}

/** Greedy nearest-neighbour tour, staying on one level before changing level. */
export function nearestFirst<T extends { place: Place | null }>(items: readonly T[], start: Place | null): T[] {
  const left = [...items];
  const out: T[] = [];
  let here = start;
  while (left.length) {
    let best = 0;
    let bestCost = Infinity;
    left.forEach((item, i) => {
      const cost = distance(here, item.place);
      if (cost < bestCost) { bestCost = cost; best = i; }
    });
    const [next] = left.splice(best, 1);
    out.push(next!);
    here = next!.place ?? here;
  }
  return out;
}

function distance(a: Place | null, b: Place | null): number {
  if (!a || !b) return 1e9;
  const levelPenalty = a.level === b.level ? 0 : 1e6;
  return levelPenalty + Math.hypot(a.x - b.x, a.y - b.y);
}
