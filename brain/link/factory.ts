// Builds a RobotLink by kind. Only rosbridge exists today; the native ROS 2 link (rclnodejs) will be
// added behind the same interface and must stay out of the import graph of everyone who does not
// ask for it, because rclnodejs only installs where ROS 2 is sourced.
import type { Logger } from 'pino';
import { RosbridgeLink } from './rosbridge-link.js';
import { LINK_KINDS, type LinkKind, type RobotLink } from './types.js';

export interface LinkOptions {
  kind: LinkKind;
  /** rosbridge: the ws:// or wss:// URL of the rosbridge server. */
  url?: string;
  logger: Logger;
}

export class LinkUnavailableError extends Error {
  override readonly name = 'LinkUnavailableError';
}

export async function createRobotLink(opts: LinkOptions): Promise<RobotLink> {
  switch (opts.kind) {
    case 'rosbridge':
      if (!opts.url) throw new LinkUnavailableError('link kind "rosbridge" needs a url (ws://host:9090)');
      return new RosbridgeLink({ url: opts.url, logger: opts.logger });
    case 'rclnodejs': {
      await loadRclnodejs();
      throw new LinkUnavailableError(
        'link kind "rclnodejs": rclnodejs loaded, but this brain has no native ROS 2 link yet; use kind "rosbridge" with a rosbridge_server on the robot',
      );
    }
    default:
      throw new LinkUnavailableError(`unknown link kind "${String(opts.kind)}" (known: ${LINK_KINDS.join(', ')})`);
  }
}

/** Loads rclnodejs on demand, explaining what to do when it is not installed. */
export async function loadRclnodejs(): Promise<unknown> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
  const name = 'rclnodejs';
  try {
    return await import(name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new LinkUnavailableError(
        'link kind "rclnodejs" needs the rclnodejs package, which installs only where ROS 2 is sourced: ' +
        'source /opt/ros/<distro>/setup.bash, then `npm install rclnodejs`; or use link kind "rosbridge"',
      );
    }
    throw new LinkUnavailableError(`rclnodejs is installed but failed to load: ${(err as Error).message}`);
  }
}
