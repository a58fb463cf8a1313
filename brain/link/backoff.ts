/** Reconnect delays: doubling from `baseMs` up to `maxMs`, with up to 20 % jitter so many brains do not reconnect in step. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(plain * (0.8 + 0.2 * random()));
}
