// The person node on a minimal PerceptionNode, with the YOLO detector on the project's tiny model:
// frames in on /<robot>/camera/image_raw, PersonDetections out on /<robot>/people, stamped with the
// frame's header; bad frames reported, never thrown; a busy detector drops all but the newest frame.
// Also the "patient at the bed" decision over detections and frames.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interfaces, MESSAGE_TYPES, robotNames, type Image, type PersonDetections } from '../../robot/index.js';
import type { PerceptionNode } from '../node-port.js';
import { until } from '../../test/until.js';
import { BedsideVote, personAtBed } from './at-bed.js';
import { tinyYoloModel } from './onnx/tiny-yolo.js';
import { attachPersonDetection } from './person-node.js';
import type { PersonBox, PersonDetector, RgbFrame } from './types.js';
import { YoloPersonDetector } from './yolo-detector.js';

/** Topics in memory: enough of a ROS node for the perception nodes. */
function memoryNode() {
  const subs = new Map<string, ((m: unknown) => void)[]>();
  const published = new Map<string, unknown[]>();
  const node: PerceptionNode = {
    createPublisher: <T>(topic: string) => ({ publish: (m: T) => { published.set(topic, [...(published.get(topic) ?? []), m]); } }),
    createSubscription: <T>(topic: string, _type: string, cb: (m: T) => void) => {
      subs.set(topic, [...(subs.get(topic) ?? []), cb as (m: unknown) => void]);
      return { destroy: () => subs.set(topic, (subs.get(topic) ?? []).filter((c) => c !== cb)) };
    },
  };
  return { node, send: (topic: string, m: unknown) => { for (const cb of subs.get(topic) ?? []) cb(m); }, published, subscribers: (t: string) => subs.get(t)?.length ?? 0 };
}

function image(redAt: { x: number; y: number } | null, sec: number): Image {
  const width = 256;
  const height = 192;
  const data = Buffer.alloc(width * height * 3, 128);
  if (redAt) for (let y = redAt.y; y < redAt.y + 48; y++) for (let x = redAt.x; x < redAt.x + 48; x++) data.set([230, 20, 20], (y * width + x) * 3);
  return { header: { stamp: { sec, nanosec: 0 }, frame_id: 'robot_1/camera_link' }, height, width, encoding: 'rgb8', is_bigendian: 0, step: width * 3, data: data.toString('base64') };
}

let dir: string;
let yolo: YoloPersonDetector;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'person-node-'));
  writeFileSync(join(dir, 'tiny.onnx'), tinyYoloModel({ layout: 'yolov8' }));
  yolo = await YoloPersonDetector.load({ modelPath: join(dir, 'tiny.onnx') });
});
afterAll(async () => {
  await yolo.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = robotNames('robot_1');

describe('the person node', () => {
  it('publishes valid PersonDetections per frame on /<robot>/people, stamped with the frame header', async () => {
    const m = memoryNode();
    const errors: Error[] = [];
    const bind = attachPersonDetection(m.node, { robot: 'robot_1', detector: yolo, onError: (e) => errors.push(e) });
    expect(m.subscribers(names.camera)).toBe(1);
    m.send(names.camera, image({ x: 72, y: 40 }, 5));
    await bind.idle();
    m.send(names.camera, image(null, 6));
    await bind.idle();
    const out = m.published.get(names.people) as PersonDetections[];
    expect(out).toHaveLength(2);
    const reg = interfaces();
    for (const msg of out) expect(reg.validate(MESSAGE_TYPES.people, msg)).toEqual({ ok: true });
    expect(out[0]).toMatchObject({ header: { stamp: { sec: 5, nanosec: 0 }, frame_id: 'robot_1/camera_link' }, detector: 'yolo:tiny.onnx' });
    expect(out[0]!.people).toHaveLength(1);
    expect(out[0]!.people[0]).toMatchObject({ x: 64, y: 32, width: 64, height: 64 });
    expect(out[1]!.people).toEqual([]);
    expect(bind.processed).toBe(2);
    expect(errors).toEqual([]);
    bind.destroy();
    expect(m.subscribers(names.camera)).toBe(0);
  });

  it('reports a bad frame or a failing detector and carries on with the next frame', async () => {
    const m = memoryNode();
    const errors: Error[] = [];
    let broken = false;
    const flaky: PersonDetector = {
      name: 'flaky',
      detect: async (f: RgbFrame) => { if (broken) throw new Error('model crashed'); return yolo.detect(f); },
      close: async () => undefined,
    };
    const bind = attachPersonDetection(m.node, { robot: 'robot_1', detector: flaky, onError: (e) => errors.push(e) });
    m.send(names.camera, { ...image(null, 1), encoding: 'yuv422' });
    await bind.idle();
    broken = true;
    m.send(names.camera, image(null, 2));
    await bind.idle();
    broken = false;
    m.send(names.camera, image({ x: 8, y: 104 }, 3));
    await bind.idle();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/encoding: "yuv422" is not supported/), 'model crashed']);
    expect(bind.failed).toBe(2);
    expect((m.published.get(names.people) as PersonDetections[]).map((p) => p.header.stamp.sec)).toEqual([3]);
    bind.destroy();
  });

  it('while the detector is busy keeps only the newest frame', async () => {
    const m = memoryNode();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const seen: number[] = [];
    const slow: PersonDetector = {
      name: 'slow',
      detect: async (f: RgbFrame) => { await gate; seen.push(f.width); return []; },
      close: async () => undefined,
    };
    const bind = attachPersonDetection(m.node, { robot: 'robot_1', detector: slow });
    for (let i = 1; i <= 5; i++) m.send(names.camera, { ...image(null, i), width: 10 * i, step: 30 * i });
    release();
    await until('two frames done', () => bind.processed === 2, 5000);
    await bind.idle();
    // The first frame went straight in; of the four that came while it ran, only the last.
    expect(seen).toEqual([10, 50]);
    expect(bind.dropped).toBe(3);
    expect((m.published.get(names.people) as PersonDetections[]).map((p) => p.header.stamp.sec)).toEqual([1, 5]);
    bind.destroy();
  });
});

describe('is the patient at the bed', () => {
  const frame = { width: 320, height: 240 };
  const p = (x: number, y: number, width: number, height: number, confidence: number): PersonBox => ({ x, y, width, height, confidence });

  it('counts a confident, large enough person mostly inside the bed region', () => {
    const region = { x: 0, y: 40, width: 320, height: 200 };
    expect(personAtBed([p(40, 60, 80, 90, 0.3)], frame, region)).toEqual(p(40, 60, 80, 90, 0.3));
    // Too unsure, too small (far away), or mostly outside the bed's part of the picture.
    expect(personAtBed([p(40, 60, 80, 90, 0.1)], frame, region)).toBeNull();
    expect(personAtBed([p(40, 60, 20, 30, 0.6)], frame, region)).toBeNull();
    expect(personAtBed([p(40, 0, 80, 60, 0.6)], frame, region)).toBeNull();
    // The best of several; the whole frame when no region is given.
    expect(personAtBed([p(0, 0, 60, 60, 0.3), p(100, 100, 60, 60, 0.5)], frame)).toEqual(p(100, 100, 60, 60, 0.5));
    expect(() => personAtBed([], frame, null, { minOverlap: 2 })).toThrow(/minOverlap must be in 0\.\.1/);
  });

  it('decides over frames: two of the last three agree', () => {
    const seen = p(0, 0, 100, 100, 0.4);
    const vote = new BedsideVote();
    expect(vote.add(seen)).toEqual({ present: null, confidence: 0, frames: 1 });
    expect(vote.add(null)).toEqual({ present: null, confidence: 0, frames: 2 });
    expect(vote.add({ ...seen, confidence: 0.6 })).toEqual({ present: true, confidence: 0.6, frames: 3 });
    // The oldest frame leaves the window: [missed, seen, missed], then [seen, missed, seen].
    expect(vote.add(null)).toEqual({ present: false, confidence: 0, frames: 4 });
    expect(vote.add(seen)).toEqual({ present: true, confidence: 0.6, frames: 5 });
    expect(new BedsideVote(1, 1).add(seen)).toMatchObject({ present: true });
    expect(() => new BedsideVote(2, 3)).toThrow(/needed must be in 1\.\.2/);
  });
});
