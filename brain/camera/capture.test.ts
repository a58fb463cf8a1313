// captureFrame against a link double that records subscriptions and delivers what a test says.
import { describe, it, expect } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Image } from '../../robot/index.js';
import type { RobotLink, RobotLinkEvents } from '../link/types.js';
import { CameraError, captureFrame } from './index.js';

class TopicLink extends EventEmitter<RobotLinkEvents> {
  readonly kind = 'rosbridge' as const;
  readonly target = 'ws://double';
  connected = true;
  readonly active = new Map<string, (msg: unknown) => void>();
  subscribed: string[] = [];
  robots() { return ['robot_1']; }
  subscribe(topic: string, _type: string, cb: (msg: unknown) => void): () => void {
    if (!this.connected) throw new Error('robot link to ws://double is down');
    this.subscribed.push(topic);
    this.active.set(topic, cb);
    return () => this.active.delete(topic);
  }
  deliver(topic: string, msg: unknown) { this.active.get(topic)?.(msg); }
}
const asLink = (l: TopicLink) => l as unknown as RobotLink;
const image = (over: Partial<Image> = {}): Image => ({
  header: { stamp: { sec: 1, nanosec: 0 }, frame_id: 'robot_1/camera_link' }, width: 2, height: 1, encoding: 'rgb8', is_bigendian: 0, step: 6,
  data: Buffer.from([1, 2, 3, 4, 5, 6]).toString('base64'), ...over,
});
const failure = async (p: Promise<unknown>) => {
  const err = await p.then(() => { throw new Error('resolved'); }, (e: unknown) => e);
  expect(err).toBeInstanceOf(CameraError);
  return err as CameraError;
};

describe('captureFrame', () => {
  it('takes the first frame on /<robot>/camera/image_raw and unsubscribes', async () => {
    const link = new TopicLink();
    const p = captureFrame(asLink(link), 'robot_1', 1000);
    expect(link.subscribed).toEqual(['/robot_1/camera/image_raw']);
    link.deliver('/robot_1/camera/image_raw', image());
    link.deliver('/robot_1/camera/image_raw', image({ width: 1, step: 3 }));
    const frame = await p;
    expect(frame).toMatchObject({ robot: 'robot_1', width: 2, height: 1, encoding: 'rgb8' });
    expect(link.active.size).toBe(0);
    expect(link.listenerCount('link')).toBe(0);
  });

  it('rejects a malformed frame with the reason, and unsubscribes', async () => {
    const link = new TopicLink();
    const p = captureFrame(asLink(link), 'robot_1', 1000);
    link.deliver('/robot_1/camera/image_raw', image({ encoding: '16UC1' }));
    const err = await failure(p);
    expect(err.reason).toBe('bad_frame');
    expect(err.message).toMatch(/camera frame from robot_1: encoding "16UC1" is not supported/);
    expect(link.active.size).toBe(0);
  });

  it('fails at once when the link is down, cannot subscribe, or the request is bad; and when the link drops', async () => {
    const down = new TopicLink();
    down.connected = false;
    expect((await failure(captureFrame(asLink(down), 'robot_1', 1000))).message).toBe("cannot look through robot_1's camera: robot link to ws://double is down");
    const noSubscribe = Object.assign(new EventEmitter(), { kind: 'rclnodejs', connected: true }) as unknown as RobotLink;
    expect((await failure(captureFrame(noSubscribe, 'robot_1', 1000))).reason).toBe('unsupported_link');
    expect((await failure(captureFrame(asLink(new TopicLink()), '../robot_1', 1000))).message).toMatch(/"..\/robot_1" is not a robot name/);
    expect((await failure(captureFrame(asLink(new TopicLink()), 'robot_1', 0))).reason).toBe('bad_request');

    const link = new TopicLink();
    const p = captureFrame(asLink(link), 'robot_1', 5000);
    link.emit('link', false);
    const err = await failure(p);
    expect(err).toMatchObject({ reason: 'link_down', message: 'robot link to ws://double dropped while waiting for a frame from robot_1' });
    expect(link.active.size).toBe(0);
  });

  it('times out naming the topic, and says when the link knows no such robot', async () => {
    const link = new TopicLink();
    const err = await failure(captureFrame(asLink(link), 'robot_1', 30));
    expect(err).toMatchObject({ reason: 'timeout', message: 'no camera frame from robot_1 on /robot_1/camera/image_raw within 30 ms' });
    const unknown = await failure(captureFrame(asLink(link), 'robot_7', 30));
    expect(unknown.message).toBe('no camera frame from robot_7 on /robot_7/camera/image_raw within 30 ms; the link knows no robot "robot_7" (robots: robot_1)');
    expect(link.active.size).toBe(0);
  });
});
