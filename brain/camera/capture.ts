// One look through a robot's camera: subscribe to /<robot>/camera/image_raw over the brain's link,
// take the first frame, unsubscribe. A robot's camera may publish only while watched (the simulator's
// does), so the subscription is held no longer than the look.
import { MESSAGE_TYPES, robotNames, type Image } from '../../robot/index.js';
import type { RobotLink } from '../link/types.js';
import { CameraError, frameFromImage, type CameraFrame } from './frame.js';

/** A ROS name segment: what a robot's namespace can be. The name may come from a model, so it is checked. */
const ROBOT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The next frame `robot` publishes, checked (see frameFromImage). Rejects with a CameraError: at once
 * when the link is down or cannot subscribe, or the frame is malformed; when the link drops while
 * waiting; and after `timeoutMs` with no frame (naming the robots the link knows, which tells an
 * unknown robot from a silent camera).
 */
export function captureFrame(link: RobotLink, robot: string, timeoutMs: number): Promise<CameraFrame> {
  if (!ROBOT_NAME.test(robot)) {
    return Promise.reject(new CameraError('bad_request', `camera capture: "${robot}" is not a robot name (letters, digits, _; a letter first)`));
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    return Promise.reject(new CameraError('bad_request', `camera capture: timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`));
  }
  if (!link.subscribe) {
    return Promise.reject(new CameraError('unsupported_link', `camera capture: the ${link.kind} link cannot subscribe to topics`));
  }
  if (!link.connected) {
    return Promise.reject(new CameraError('link_down', `cannot look through ${robot}'s camera: robot link to ${link.target} is down`));
  }
  const subscribe = link.subscribe.bind(link);
  const topic = robotNames(robot).camera;

  return new Promise<CameraFrame>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let settled = false;
    const finish = (outcome: () => CameraFrame) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.off('link', onLink);
      unsubscribe?.();
      try {
        resolve(outcome());
      } catch (err) {
        reject(err);
      }
    };
    const fail = (reason: 'timeout' | 'link_down', message: string) => finish(() => { throw new CameraError(reason, message); });
    const onLink = (up: boolean) => {
      if (!up) fail('link_down', `robot link to ${link.target} dropped while waiting for a frame from ${robot}`);
    };
    const timer = setTimeout(() => {
      const known = link.robots();
      const hint = known.includes(robot) ? '' : `; the link knows no robot "${robot}" (robots: ${known.join(', ') || 'none'})`;
      fail('timeout', `no camera frame from ${robot} on ${topic} within ${timeoutMs} ms${hint}`);
    }, timeoutMs);
    link.on('link', onLink);
    try {
      unsubscribe = subscribe(topic, MESSAGE_TYPES.camera, (msg: Image) => finish(() => frameFromImage(robot, msg)));
    } catch (err) {
      fail('link_down', `cannot look through ${robot}'s camera: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A frame delivered inside subscribe() settled before `unsubscribe` was known.
    if (settled) unsubscribe?.();
  });
}
