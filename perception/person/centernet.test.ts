// The offline default detector's loading and its errors, in this thread and in a thread of its own.
// (Its findings on the simulator's frames are tested where those frames are made: sim/ros/skills.)
import { describe, it, expect } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CenterNetPersonDetector, defaultCenterNetDir } from './centernet-detector.js';
import { ThreadedCenterNetDetector } from './threaded-detector.js';
import type { RgbFrame } from './types.js';

const grey: RgbFrame = { width: 320, height: 240, data: new Uint8Array(320 * 240 * 3).fill(128) };

describe('the offline CenterNet person detector', () => {
  it('finds its model inside @vladmandic/human, sees nobody in a blank frame, and the same in a worker thread', async () => {
    expect(existsSync(join(defaultCenterNetDir(), 'centernet.json'))).toBe(true);
    const here = await CenterNetPersonDetector.load();
    const threaded = await ThreadedCenterNetDetector.load();
    try {
      expect(here.name).toBe('centernet');
      expect(await here.detect(grey)).toEqual([]);
      expect(await threaded.detect(grey)).toEqual([]);
      // The caller's frame is copied, not taken away by the transfer.
      expect(grey.data.length).toBe(320 * 240 * 3);
    } finally {
      await here.close();
      await threaded.close();
    }
    await expect(threaded.detect(grey)).rejects.toThrow(/closed|stopped/);
  }, 60_000);

  it('says which option or file is wrong', async () => {
    await expect(CenterNetPersonDetector.load({ modelDir: '/nowhere' })).rejects.toThrow('CenterNet person detector modelDir: /nowhere/centernet.json not found');
    await expect(ThreadedCenterNetDetector.load({ modelDir: '/nowhere' })).rejects.toThrow('/nowhere/centernet.json not found');
    await expect(CenterNetPersonDetector.load({ threshold: -1 })).rejects.toThrow(/threshold: must be in 0\.\.1/);
    await expect(CenterNetPersonDetector.load({ zoomOuts: [] })).rejects.toThrow(/zoomOuts/);
  }, 60_000);
});
