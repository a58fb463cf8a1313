import { describe, it, expect } from '@jest/globals';
import { FrameCache } from './frame-cache.js';

const frame = (n: number) => ({ png: Buffer.from([n]), stampMs: n, width: 1, height: 1 });

describe('FrameCache', () => {
  it('serves a frame again until it is older than the ttl, then looks again; looks under way are shared', async () => {
    let now = 1000;
    const looks: string[] = [];
    const cache = new FrameCache(async (robot) => { looks.push(robot); return frame(looks.length); }, { ttlMs: 3000, now: () => now });
    const [a, b] = await Promise.all([cache.get('robot_1'), cache.get('robot_1')]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ stampMs: 1, capturedAtMs: 1000 });
    now += 2999;
    expect((await cache.get('robot_1')).stampMs).toBe(1);
    now += 1;
    expect((await cache.get('robot_1')).stampMs).toBe(2);
    expect((await cache.get('robot_2')).stampMs).toBe(3);
    expect(looks).toEqual(['robot_1', 'robot_1', 'robot_2']);
    expect(cache.pending).toBe(0);
  });

  it('keeps no failure: every waiting caller gets it, and the next request looks again', async () => {
    let fail = true;
    const cache = new FrameCache(async () => { if (fail) throw new Error('no frame'); return frame(7); }, { ttlMs: 3000 });
    const both = await Promise.allSettled([cache.get('robot_1'), cache.get('robot_1')]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(cache.pending).toBe(0);
    fail = false;
    expect((await cache.get('robot_1')).stampMs).toBe(7);
  });
});
