// The ward workflows the brain runs, bound to the services they need. Their request schemas and
// checks live with their task categories (brain/tasks/categories/registry.ts); this is the running part.
import { findPlace } from '../../robot/index.js';
import { runDelivery, runReturn, orderIds, pharmacyOf } from './delivery/delivery-workflow.js';
import type { WorkflowDefinition } from './engine/types.js';
import type { WorkflowServices } from './services.js';

export function deliveryWorkflow(services: WorkflowServices): WorkflowDefinition {
  return {
    run: (ctx) => runDelivery(ctx, services),
    firstPlace: () => pharmacyOf(services),
    beds: (description) => orderIds(description)
      .map((id) => services.directory.order(id))
      .map((o) => (o ? services.directory.patient(o.patient)?.bed ?? null : null))
      .filter((b): b is string => !!b && !!findPlace(services.ward, b)),
  };
}

/** Takes a canceled delivery's medication back to the pharmacy in the robot that carries it. */
export function returnWorkflow(services: WorkflowServices): WorkflowDefinition {
  return {
    run: (ctx) => runReturn(ctx, services),
    firstPlace: () => pharmacyOf(services),
    beds: () => [],
    robot: (description) => (typeof description.robot === 'string' ? description.robot : null),
  };
}
