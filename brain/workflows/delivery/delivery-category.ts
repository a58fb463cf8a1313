// medication_delivery as a task category: what a request names (active MedicationRequest ids) and
// what must be true of them before anything moves.
import type { TaskCategory, DescriptionProblem } from '../../tasks/categories/types.js';
import { DRAWERS_PER_ROBOT } from './delivery-plan.js';
import { orderIds } from './delivery-workflow.js';

export const medicationDelivery: TaskCategory = {
  name: 'medication_delivery',
  summary: 'Carry active medication orders (FHIR MedicationRequest ids) from the pharmacy to the patients\' beds and hand them to a nurse, one locked drawer per patient.',
  descriptionSchema: {
    type: 'object',
    title: 'medication_delivery',
    additionalProperties: false,
    required: ['orders'],
    properties: {
      orders: {
        type: 'array', minItems: 1, maxItems: 16, uniqueItems: true,
        items: { type: 'string', minLength: 1, maxLength: 100 },
        description: `Ids of active MedicationRequests (GET /api/orders); at most ${DRAWERS_PER_ROBOT} different patients, one drawer each`,
        examples: [['MR-2001', 'MR-2002']],
      },
    },
  },
  check(description, _ward, ctx) {
    if (!ctx) return [{ code: 'invalid_request', field: 'orders', detail: 'the brain has no ward records to check orders against' }];
    const problems: DescriptionProblem[] = [];
    const busy = ctx.ordersInOpenTasks();
    const patients = new Set<string>();
    orderIds(description).forEach((id, i) => {
      const field = `orders[${i}]`;
      const order = ctx.directory.order(id);
      if (!order) {
        problems.push({ code: 'unknown_order', field, detail: `no medication order "${id}" in the ward records` });
        return;
      }
      if (order.status !== 'active') {
        problems.push({ code: 'order_not_active', field, detail: `order ${id} is ${order.status}; only active orders can be delivered` });
        return;
      }
      if (busy.has(id)) problems.push({ code: 'order_not_active', field, detail: `order ${id} is already in another open delivery` });
      const patient = ctx.directory.patient(order.patient);
      if (!patient) problems.push({ code: 'unknown_patient', field, detail: `order ${id} is for patient ${order.patient}, who is not in the ward records` });
      else if (!patient.bed) problems.push({ code: 'unknown_patient', field, detail: `order ${id}'s patient has no bed on this ward` });
      patients.add(order.patient);
    });
    if (patients.size > DRAWERS_PER_ROBOT) {
      problems.push({ code: 'invalid_request', field: 'orders', detail: `orders for ${patients.size} patients; a robot has ${DRAWERS_PER_ROBOT} drawers, one per patient: split the delivery` });
    }
    return problems;
  },
};

/** Queued by the brain when a delivery is canceled with medication on board; pharmacists may queue one too. */
export const medicationReturn: TaskCategory = {
  name: 'medication_return',
  summary: 'Take a canceled delivery\'s medication back to the pharmacy in the robot that carries it, for a pharmacist to unload.',
  descriptionSchema: {
    type: 'object',
    title: 'medication_return',
    additionalProperties: false,
    required: ['delivery', 'robot'],
    properties: {
      delivery: { type: 'string', minLength: 1, maxLength: 200, description: 'Id of the medication_delivery task whose medication is in the robot' },
      robot: { type: 'string', minLength: 1, maxLength: 200, description: 'The robot that carries it' },
    },
  },
  check: () => [],
};
