import type { WardMap } from '../../../robot/index.js';
import type { Fleet } from '../../fleet/fleet.js';
import type { RobotLink } from '../../link/types.js';
import type { TaskService } from '../../tasks/task-service.js';
import type { MapView } from '../map-view.js';
import type { WardServices } from '../../ward-services.js';
import type { ScheduleService } from '../../schedules/index.js';
import type { CheckContext } from '../../tasks/categories/types.js';
import type { WorkflowDefinition } from '../../workflows/engine/types.js';
import type { RoundRecords } from '../../workflows/round/round-records.js';
import type { PlanService } from '../../planning/plan-service.js';

/** What the routes read; built once by the server. */
export interface ApiContext {
  ward: WardMap;
  mapView: MapView;
  tasks: TaskService;
  fleet: Fleet;
  link: RobotLink;
  version: string;
  startedAtMs: number;
  wardServices: WardServices;
  schedules: ScheduleService;
  checkContext: CheckContext;
  workflows: ReadonlyMap<string, WorkflowDefinition>;
  rounds: RoundRecords;
  plans: PlanService;
}
