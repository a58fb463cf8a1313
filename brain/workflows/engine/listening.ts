// Which robots are waiting for a patient's answer to a workflow's own question right now. The
// patient dialogue reads it: while a workflow listens, what the patient says is that workflow's
// answer, and the dialogue only checks it for red flags. Kept per link, so two brains in one
// process (tests, benchmarks) never see each other's robots.

/**
 * The answer arrives twice, as the action's result and on the speech topic, in either order; for
 * this long (wall time: it is about message order, not the ward's clock) after the question ended,
 * the utterance still counts as its answer.
 */
export const ANSWER_GRACE_MS = 1500;

interface RobotListening {
  open: number;
  endedAtMs: number;
}
const byLink = new WeakMap<object, Map<string, RobotListening>>();

function stateOf(link: object, robot: string): RobotListening {
  let m = byLink.get(link);
  if (!m) {
    m = new Map();
    byLink.set(link, m);
  }
  let s = m.get(robot);
  if (!s) {
    s = { open: 0, endedAtMs: -Infinity };
    m.set(robot, s);
  }
  return s;
}

/** Marks `robot` as listening until the returned function is called (once). */
export function beginListening(link: object, robot: string): () => void {
  const s = stateOf(link, robot);
  s.open += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    s.open = Math.max(0, s.open - 1);
    s.endedAtMs = Date.now();
  };
}

export function isListening(link: object, robot: string, nowMs = Date.now()): boolean {
  const s = byLink.get(link)?.get(robot);
  return !!s && (s.open > 0 || nowMs - s.endedAtMs < ANSWER_GRACE_MS);
}
