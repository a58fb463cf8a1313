// The simulator's controls on its ROS graph, so that any rosbridge client (the sim view, a script,
// roslibpy) drives the simulation wherever it runs: /sim/… services (robot/ward_sim_interfaces) and
// the latched /sim/state topic. A refused request answers success: false with a message that names
// the field; a request of the wrong shape is refused by the rosbridge server before it gets here.
import type { Logger } from 'pino';
import type { RosGraph } from '../rosbridge/index.js';
import type { SimWorld } from '../world/index.js';
import { RateGate } from '../ros/rate-gate.js';
import { ControlError } from './control-error.js';
import {
  SIM_CONTROL_NODE, SIM_SERVICES, SIM_STATE_TOPIC, type SimRequest, type SimResponse, type SimServiceKey, type SimStateMsg,
} from './protocol.js';
import type { SimControl } from './sim-control.js';

/** /sim/state goes out every sim second while time runs, at most every 500 ms of wall time. */
export const SIM_STATE_RATES = { simPeriodMs: 1000, minWallMs: 500 } as const;

export interface ControlBinding {
  /** Publishes /sim/state now. */
  publishState(): void;
  destroy(): void;
}

type Handler<K extends SimServiceKey> = (req: SimRequest<K>) => SimResponse<K>;

export function attachControl(graph: RosGraph, world: SimWorld, control: SimControl, opts: { logger?: Logger; wallNow?: () => number } = {}): ControlBinding {
  const node = graph.createNode(SIM_CONTROL_NODE);
  const log = opts.logger;
  const statePub = node.createPublisher<SimStateMsg>(SIM_STATE_TOPIC.name, SIM_STATE_TOPIC.type, { latch: true });
  const gate = new RateGate(SIM_STATE_RATES.simPeriodMs, SIM_STATE_RATES.minWallMs, opts.wallNow);
  const publishState = () => {
    gate.mark(world.clock.now());
    statePub.publish(control.state());
  };

  /** Runs a control; a refusal becomes success: false with its message, anything else a failed call. */
  const refusable = <R extends { success: boolean; message: string }>(service: string, run: () => R, refused: Omit<R, 'success' | 'message'>): R => {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      log?.info({ service, field: err instanceof ControlError ? err.field : undefined, reason: err.message }, 'sim control request refused');
      return { ...refused, success: false, message: err.message } as R;
    }
  };
  const serve = <K extends SimServiceKey>(key: K, handler: Handler<K>) => {
    const { name, type } = SIM_SERVICES[key];
    node.createService(name, type, (req) => handler(req as SimRequest<K>));
  };

  serve('getState', () => ({ state: control.state() }));
  serve('setTimeScale', (req) => refusable('set_time_scale', () => {
    control.setTimeScale(req.flat_out ? 'max' : req.time_scale);
    return { success: true, message: req.flat_out ? 'running flat out' : `running at ${req.time_scale}× real time` };
  }, {}));
  serve('setPaused', (req) => {
    if (req.paused) control.pause();
    else control.resume();
    return { success: true, message: req.paused ? 'paused' : 'running' };
  });
  serve('startScenario', (req) => refusable('start_scenario', () => {
    const scenario = control.startScenario(req.name);
    return { success: true, message: `scenario ${scenario.name} started: ${scenario.description}` };
  }, {}));
  serve('blockCorridor', (req) => refusable('block_corridor', () => {
    const byVertex = req.from_vertex >= 0 || req.to_vertex >= 0;
    if (byVertex && (req.from_vertex < 0 || req.to_vertex < 0)) {
      throw new ControlError(req.from_vertex < 0 ? 'from_vertex' : 'to_vertex', 'give both vertices of the lane (or neither, and a point)');
    }
    const fault = byVertex
      ? control.blockCorridor({ level: req.level, fromVertex: req.from_vertex, toVertex: req.to_vertex })
      : control.blockCorridor({ level: req.level, x: req.x, y: req.y, radius: req.radius });
    return { success: true, message: control.faultMsg(fault).description, fault_id: fault.id };
  }, { fault_id: '' }));
  serve('setPatientAbsent', (req) => refusable('set_patient_absent', () => {
    const fault = control.setPatientAbsent(req.bed);
    return { success: true, message: control.faultMsg(fault).description, fault_id: fault.id };
  }, { fault_id: '' }));
  serve('dropLink', (req) => refusable('drop_link', () => {
    const fault = control.dropLink(req.robot, req.duration);
    const message = `${control.faultMsg(fault).description}${req.duration > 0 ? ` for ${req.duration} s` : ''}`;
    return { success: true, message, fault_id: fault.id };
  }, { fault_id: '' }));
  serve('setBattery', (req) => refusable('set_battery', () => {
    const { before } = control.setBattery(req.robot, req.percent);
    return { success: true, message: `${req.robot}'s battery set to ${round(req.percent)}% (was ${round(before)}%)` };
  }, {}));
  serve('clearFault', (req) => refusable('clear_fault', () => {
    if (req.all) {
      const n = control.clearAll();
      return { success: true, message: n === 1 ? 'cleared 1 fault' : `cleared ${n} faults` };
    }
    const fault = control.clearFault(req.fault_id);
    return { success: true, message: `cleared ${fault.id}` };
  }, {}));

  const offChange = control.onChange(publishState);
  const offTick = world.on('tick', (simMs) => {
    if (gate.due(simMs)) statePub.publish(control.state());
  });
  publishState();

  return {
    publishState,
    destroy: () => {
      offChange();
      offTick();
      node.destroy();
    },
  };
}

const round = (percent: number): number => Math.round(percent * 10) / 10;
