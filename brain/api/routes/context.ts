import type { WardMap } from '../../../robot/index.js';
import type { Fleet } from '../../fleet/fleet.js';
import type { RobotLink } from '../../link/types.js';
import type { TaskService } from '../../tasks/task-service.js';
import type { MapView } from '../map-view.js';

/** What the routes read; built once by the server. */
export interface ApiContext {
  ward: WardMap;
  mapView: MapView;
  tasks: TaskService;
  fleet: Fleet;
  link: RobotLink;
  version: string;
  startedAtMs: number;
}
