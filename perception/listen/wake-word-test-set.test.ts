import { describe, it, expect, beforeAll } from '@jest/globals';
import { chunksOf } from '../index.js';
import { PocketsphinxWakeWord, type WakeWordDetection } from './index.js';
import { buildWakeWordTestSet, scoreWakeWord, type WakeWordScore, type WakeWordTestSet } from './wake-word-test-set.js';

// The offline wake word on the synthesized ward test set: "hello robot" said 24 times (12 espeak-ng
// voices, American, British, Scottish and Caribbean, 130–190 words a minute, −18 to −30 dBFS, alone and
// inside sentences) among 4 minutes of bedside talk and room noise at −45 dBFS. Seed 7 was not used to
// choose the threshold (seeds 1 and 2 were). Measured on it at the default threshold 1e-35: 20/24
// detected (every American voice; the misses Scottish and Caribbean), one false alarm, on the near
// miss "Is that a robot or a trolley?" (12/h), none on ordinary talk or noise. On seed 2 with 20
// minutes of talk: 28/36 and 20 false alarms an hour, all of them near misses. The thresholds below
// leave room for a different espeak-ng build, not for a worse detector.
const MIN_DETECTION_RATE = 0.75;
const MIN_AMERICAN_DETECTION_RATE = 0.9;
const MAX_FALSE_ALARMS_PER_HOUR = 30;
const MAX_ORDINARY_FALSE_ALARMS_PER_HOUR = 15;

describe('wake word on the synthesized ward test set', () => {
  let set: WakeWordTestSet;
  let score: WakeWordScore;
  let detections: WakeWordDetection[];

  beforeAll(async () => {
    set = await buildWakeWordTestSet({ seed: 7, positives: 24, negativeMinutes: 4 });
    // The recording goes in far faster than real time: no limit on how far the engine falls behind.
    const detector = PocketsphinxWakeWord.start({ maxBacklogS: Infinity });
    detections = [];
    detector.onDetection((d) => detections.push(d));
    for (const c of chunksOf(set.audio, 200)) detector.feed(c);
    await detector.finish();
    score = scoreWakeWord(set, detections);
  }, 120_000);

  it('is the set it says: the phrase in many voices and minutes of talk and noise without it', () => {
    expect(set.positives).toHaveLength(24);
    expect(new Set(set.positives.map((p) => p.voice)).size).toBe(12);
    expect(set.positives.filter((p) => p.text === 'hello robot').length).toBeGreaterThan(0);
    expect(set.positives.filter((p) => p.text !== 'hello robot' && p.text !== 'hello robot.').length).toBeGreaterThan(12);
    expect(set.negativeS).toBeGreaterThan(4 * 60);
    expect(set.segments.filter((g) => g.kind === 'near-miss').length).toBeGreaterThanOrEqual(8);
    expect(set.segments.filter((g) => g.kind === 'noise').length).toBeGreaterThan(0);
    for (const g of set.segments.filter((s) => s.kind !== 'wake')) expect(g.text.toLowerCase()).not.toContain('hello robot');
  });

  it(`detects at least ${MIN_DETECTION_RATE * 100}% of the phrases (${MIN_AMERICAN_DETECTION_RATE * 100}% of the American voices)`, () => {
    const american = set.positives.filter((p) => p.voice.startsWith('en-us'));
    const americanHit = american.filter((p) => !score.missed.includes(p)).length;
    expect(score.detectionRate).toBeGreaterThanOrEqual(MIN_DETECTION_RATE);
    expect(americanHit / american.length).toBeGreaterThanOrEqual(MIN_AMERICAN_DETECTION_RATE);
  });

  it(`raises at most ${MAX_FALSE_ALARMS_PER_HOUR} false alarms an hour, at most ${MAX_ORDINARY_FALSE_ALARMS_PER_HOUR} on ordinary talk and noise`, () => {
    expect(score.falseAlarmsPerHour).toBeLessThanOrEqual(MAX_FALSE_ALARMS_PER_HOUR);
    expect(score.otherFalseAlarms / score.negativeHours).toBeLessThanOrEqual(MAX_ORDINARY_FALSE_ALARMS_PER_HOUR);
  });

  it('says where in the audio the phrase ended: inside the clip that said it', () => {
    const matched = detections.map((d) => ({ d, p: set.positives.find((g) => d.atS >= g.startS - 0.2 && d.atS <= g.endS + 1) })).filter((m) => m.p);
    expect(matched.length).toBe(score.detected);
    for (const { d, p } of matched) {
      expect(d.atS).toBeGreaterThan(p!.startS + 0.3);
      expect(d.atS).toBeLessThan(p!.endS + 0.3);
    }
    expect(detections.every((d) => d.phrase === 'hello robot' && d.engine === 'pocketsphinx')).toBe(true);
  });
});
