// The last camera frame of each robot, kept a few seconds: many dashboards showing the same robot
// share one look through its camera instead of each subscribing to it. Looks that are under way are
// shared too; a failed look is not kept (the next request tries again).

export interface CachedFrame {
  png: Buffer;
  /** The frame's own stamp (robot time, which is sim time against a simulator). */
  stampMs: number;
  width: number;
  height: number;
  /** Wall-clock ms the frame arrived at the brain. */
  capturedAtMs: number;
}

export interface FrameCacheOptions {
  /** How long a frame is served again before a new look (wall-clock ms). */
  ttlMs: number;
  now?: () => number;
}

export class FrameCache {
  private readonly frames = new Map<string, CachedFrame>();
  private readonly looking = new Map<string, Promise<CachedFrame>>();
  private readonly now: () => number;

  constructor(private readonly capture: (robot: string) => Promise<Omit<CachedFrame, 'capturedAtMs'>>, private readonly opts: FrameCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The robot's frame: the kept one while fresh, else a new look (shared with every caller waiting for it). */
  get(robot: string): Promise<CachedFrame> {
    const kept = this.frames.get(robot);
    if (kept && this.now() - kept.capturedAtMs < this.opts.ttlMs) return Promise.resolve(kept);
    const under = this.looking.get(robot);
    if (under) return under;
    const look = this.capture(robot).then(
      (frame) => {
        const cached = { ...frame, capturedAtMs: this.now() };
        this.frames.set(robot, cached);
        this.looking.delete(robot);
        return cached;
      },
      (err: unknown) => {
        this.looking.delete(robot);
        throw err;
      },
    );
    this.looking.set(robot, look);
    return look;
  }

  /** How many looks are under way (for tests). */
  get pending(): number {
    return this.looking.size;
  }
}
