// End to end: the real simulator serves its robots' cameras over its rosbridge socket; the brain's
// rosbridge link captures a frame, which turns into a PNG that decodes to what the robot sees.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { pino } from 'pino';
import { startSimulation, type Simulation } from '../../sim/index.js';
import { renderRobotView } from '../../sim/camera/index.js';
import { until } from '../../test/until.js';
import { RosbridgeLink } from '../link/rosbridge-link.js';
import { CameraError, captureFrame, frameToDataUrl, frameToPng } from './index.js';
import { decodePng } from './test-png.js';

describe('looking through a simulated robot camera over rosbridge', () => {
  let sim: Simulation;
  let link: RosbridgeLink;
  beforeAll(async () => {
    sim = await startSimulation({ seed: 1, timeScale: 1, host: '127.0.0.1', rosbridgePort: 0, logger: pino({ enabled: false }) });
    link = new RosbridgeLink({ url: sim.url, logger: pino({ enabled: false }) });
    link.start();
    await until('the link to discover the robots', () => link.robots().length === 2, 10_000);
  });
  afterAll(async () => {
    await link?.close();
    await sim?.close();
  });

  it('captures robot_1\'s frame, which encodes to a PNG of exactly what the robot sees', async () => {
    // The camera greets a new subscriber at once (sim/camera's own test checks that without a clock);
    // here only that a frame comes, however busy the machine.
    const frame = await captureFrame(link, 'robot_1', 5_000);
    expect(frame).toMatchObject({ robot: 'robot_1', width: 320, height: 240, encoding: 'rgb8', step: 960, frameId: 'robot_1/camera_link' });
    expect(Math.abs(frame.stampMs - sim.now())).toBeLessThan(5_000);

    const world = sim.world;
    const robot = world.robot('robot_1')!;
    const seen = renderRobotView(world, robot, (bed) => sim.people.occupant(bed)?.present ?? false);
    expect(frame.data.equals(seen.data)).toBe(true);

    const png = decodePng(frameToPng(frame));
    expect(png).toMatchObject({ width: 320, height: 240, colourType: 2 });
    expect(png.data.equals(frame.data)).toBe(true);
    const small = decodePng(Buffer.from(frameToDataUrl(frame, 160).split(',')[1]!, 'base64'));
    expect([small.width, small.height]).toEqual([160, 120]);
    // The capture let go of the topic, so the camera stops rendering.
    await until('the camera subscription to end', () => sim.rosbridge.graph.topicSubscribers('/robot_1/camera/image_raw').length === 0, 5_000);
  });

  it('fails with a clear message after the timeout when the robot does not exist', async () => {
    const started = Date.now();
    const err = await captureFrame(link, 'robot_9', 400).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(err).toBeInstanceOf(CameraError);
    expect((err as CameraError).reason).toBe('timeout');
    expect((err as Error).message).toBe('no camera frame from robot_9 on /robot_9/camera/image_raw within 400 ms; the link knows no robot "robot_9" (robots: robot_1, robot_2)');
  });
});
