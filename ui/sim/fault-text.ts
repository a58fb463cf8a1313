// A fault in force, in the reader's language, from the fields of /sim/state (SimFault).
import type { PlaceView } from '../../brain/index.js';
import { FAULT_KIND, type SimFaultMsg } from '../../sim/control/protocol.js';
import { laneBetween, laneName, type Lane, type LaneWords } from './lanes.js';
import type { WordKey } from './words.js';

export interface FaultWords extends LaneWords {
  t(key: WordKey, vars?: Record<string, string | number>): string;
}

export interface FaultContext {
  places: readonly PlaceView[];
  /** Lanes of the fault's level. */
  lanesOf(level: string): readonly Lane[];
  /** A sim time (epoch ms) as the reader reads a clock. */
  clock(epochMs: number): string;
}

const metres = (v: number) => (Math.round(v * 10) / 10).toString();

export function placeLabel(places: readonly PlaceView[], name: string, lang: 'en' | 'zh-CN'): string {
  return places.find((p) => p.name === name)?.label[lang] || name;
}

export function faultText(f: SimFaultMsg, ctx: FaultContext, words: FaultWords): string {
  if (f.kind === FAULT_KIND.BLOCKED_CORRIDOR) {
    if (f.radius > 0) return words.t('active.area', { radius: metres(f.radius), x: metres(f.x1), y: metres(f.y1), level: f.level });
    const lane = laneBetween(ctx.lanesOf(f.level), f.x1, f.y1, f.x2, f.y2);
    const name = lane ? laneName(lane, words) : `${metres(f.x1)}, ${metres(f.y1)} → ${metres(f.x2)}, ${metres(f.y2)}`;
    return words.t('active.corridor', { lane: name });
  }
  if (f.kind === FAULT_KIND.PATIENT_ABSENT) return words.t('active.absent', { bed: placeLabel(ctx.places, f.bed, words.lang()) });
  if (f.kind === FAULT_KIND.LINK_DROPPED) {
    const until = f.until.sec * 1000 + Math.round(f.until.nanosec / 1e6);
    return until > 0
      ? words.t('active.linkUntil', { robot: f.robot, time: ctx.clock(until) })
      : words.t('active.link', { robot: f.robot });
  }
  return f.description;
}
