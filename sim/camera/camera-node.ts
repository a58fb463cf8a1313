// A simulated robot's camera on the ROS graph: sensor_msgs/Image at /<robot>/camera/image_raw.
//
// Rendering costs CPU and the world may run at 1000×, so the camera works in WALL time and only while
// someone listens: one frame as soon as a subscription starts (so a client asking for a single look
// need not wait a period), then CAMERA_RATES.periodMs apart until the last subscriber leaves.
import { MESSAGE_TYPES, robotNames, type Image, type Time } from '../../robot/index.js';
import type { RosNode } from '../rosbridge/index.js';
import type { SimRobot, SimWorld } from '../world/index.js';
import { renderCameraFrame, type CameraImage, type CameraOptions } from './render.js';
import { buildScene } from './scene.js';

export const CAMERA_RATES = {
  /** Wall milliseconds between frames while subscribed: 2 Hz. */
  periodMs: 500,
} as const;

export interface CameraNodeOptions {
  /** Header stamps, on the simulation's clock. */
  stamp: () => Time;
  /** Whether the patient of a bed lies in it now; default: a bed a ward patient is assigned to is occupied. */
  patientInBed?: (bed: string) => boolean;
  camera?: CameraOptions;
  periodMs?: number;
}

export interface CameraBinding {
  /** Frames published so far. */
  readonly published: number;
  /** Stops the camera (the node's owner destroys the node and with it the publisher). */
  destroy(): void;
}

/** What `robot` sees now; the same picture the camera publishes. */
export function renderRobotView(world: SimWorld, robot: SimRobot, patientInBed: (bed: string) => boolean, camera?: CameraOptions): CameraImage {
  const pose = robot.pose();
  const robots = world.robots.filter((r) => r !== robot).map((r) => r.pose()).filter((p) => p.level === pose.level);
  return renderCameraFrame(buildScene({ ward: world.ward, level: pose.level, patientInBed, robots }), pose, camera);
}

/** The bed is occupied when the ward assigns a patient to it: SimPeople's default, for worlds without people. */
export function assignedBeds(world: SimWorld): (bed: string) => boolean {
  const beds = new Set(world.ward.people.patients.map((p) => p.bed));
  return (bed) => beds.has(bed);
}

export function attachCamera(node: RosNode, world: SimWorld, robot: SimRobot, opts: CameraNodeOptions): CameraBinding {
  const pub = node.createPublisher<Image>(robotNames(robot.name).camera, MESSAGE_TYPES.camera);
  const patientInBed = opts.patientInBed ?? assignedBeds(world);
  const periodMs = opts.periodMs ?? CAMERA_RATES.periodMs;
  const frameId = `${robot.name}/camera_link`;
  let published = 0;
  let listeners = 0;
  let timer: NodeJS.Timeout | undefined;
  let greeting: NodeJS.Immediate | undefined;
  let stopped = false;

  const shoot = () => {
    if (stopped || pub.subscriptionCount === 0) return;
    const img = renderRobotView(world, robot, patientInBed, opts.camera);
    pub.publish({
      header: { stamp: opts.stamp(), frame_id: frameId },
      height: img.height, width: img.width, encoding: img.encoding, is_bigendian: 0, step: img.step,
      // rosbridge carries uint8[] as base64; the in-process message already has its wire form.
      data: img.data.toString('base64'),
    });
    published++;
  };
  const watch = (count: number) => {
    // The watcher runs inside the subscribe, before the new subscriber can receive: greet it next turn.
    if (count > listeners) greeting ??= setImmediate(() => { greeting = undefined; shoot(); });
    listeners = count;
    if (count > 0 && !timer) timer = setInterval(shoot, periodMs);
    if (count === 0) stopTimer();
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  const unwatch = pub.watchSubscriptions(watch);
  // A subscription that waited for this topic to appear joined before the watcher did.
  watch(pub.subscriptionCount);

  return {
    get published() { return published; },
    destroy: () => {
      stopped = true;
      unwatch();
      stopTimer();
      if (greeting) clearImmediate(greeting);
      greeting = undefined;
    },
  };
}
