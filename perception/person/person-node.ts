// The person detector as a ROS node: subscribes the robot's camera (sensor_msgs/Image) and publishes
// what it sees on /<robot>/people (ward_interfaces/PersonDetections), one message per frame checked,
// stamped with the frame's own header. A detector takes hundreds of milliseconds; frames arriving
// meanwhile are not queued up: only the newest waits, older ones are dropped (counted).
import { MESSAGE_TYPES, robotNames, type Image, type PersonDetections } from '../../robot/index.js';
import type { PerceptionNode } from '../node-port.js';
import { frameFromImage } from './image.js';
import type { PersonDetector } from './types.js';

export interface PersonNodeOptions {
  robot: string;
  detector: PersonDetector;
  /** A bad frame or a failed detection: reported here, never thrown into the ROS callback. */
  onError?: (err: Error, frame: Image['header'] | undefined) => void;
  /** Each message as it is published. */
  onDetections?: (msg: PersonDetections) => void;
}

export interface PersonNodeBinding {
  /** Frames run through the detector. */
  readonly processed: number;
  /** Frames skipped because a newer one arrived while the detector was busy. */
  readonly dropped: number;
  /** Frames that could not be used (bad message or detector error). */
  readonly failed: number;
  /** Resolves when the detector has nothing left to do. */
  idle(): Promise<void>;
  destroy(): void;
}

export function attachPersonDetection(node: PerceptionNode, opts: PersonNodeOptions): PersonNodeBinding {
  const names = robotNames(opts.robot);
  const pub = node.createPublisher<PersonDetections>(names.people, MESSAGE_TYPES.people);
  let processed = 0;
  let dropped = 0;
  let failed = 0;
  let waiting: Image | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const fail = (err: unknown, msg: Image | undefined) => {
    failed++;
    opts.onError?.(err instanceof Error ? err : new Error(String(err)), msg?.header);
  };

  const work = async (): Promise<void> => {
    while (waiting && !stopped) {
      const msg = waiting;
      waiting = null;
      try {
        const frame = frameFromImage(msg);
        const people = await opts.detector.detect(frame);
        if (stopped) return;
        const out: PersonDetections = {
          header: msg.header, detector: opts.detector.name,
          people: people.map((p) => ({ x: p.x, y: p.y, width: p.width, height: p.height, confidence: p.confidence })),
        };
        pub.publish(out);
        processed++;
        opts.onDetections?.(out);
      } catch (err) {
        fail(err, msg);
      }
    }
  };

  const sub = node.createSubscription<Image>(names.camera, MESSAGE_TYPES.camera, (msg) => {
    if (stopped) return;
    if (waiting) dropped++;
    waiting = msg;
    running ??= work().finally(() => { running = null; });
  });

  return {
    get processed() { return processed; },
    get dropped() { return dropped; },
    get failed() { return failed; },
    idle: async () => { while (running) await running; },
    destroy: () => {
      stopped = true;
      waiting = null;
      sub.destroy?.();
      pub.destroy?.();
    },
  };
}
