// The simulator's control contract on its own rosbridge server, as Gazebo serves its world controls:
// service and topic names, and their wire types (generated from robot/ward_sim_interfaces). The sim
// view imports this file in the browser, so it imports nothing but the generated types (no Node modules).
import { RosConstants, type RosMessages, type RosServices } from '../../robot/interfaces/types.generated.js';

const PKG = 'ward_sim_interfaces';

/** Every control of the simulator: its ROS name and type. */
export const SIM_SERVICES = {
  getState: { name: '/sim/get_state', type: `${PKG}/srv/GetState` },
  setTimeScale: { name: '/sim/set_time_scale', type: `${PKG}/srv/SetTimeScale` },
  setPaused: { name: '/sim/set_paused', type: `${PKG}/srv/SetPaused` },
  startScenario: { name: '/sim/start_scenario', type: `${PKG}/srv/StartScenario` },
  blockCorridor: { name: '/sim/block_corridor', type: `${PKG}/srv/BlockCorridor` },
  setPatientAbsent: { name: '/sim/set_patient_absent', type: `${PKG}/srv/SetPatientAbsent` },
  dropLink: { name: '/sim/drop_link', type: `${PKG}/srv/DropLink` },
  setBattery: { name: '/sim/set_battery', type: `${PKG}/srv/SetBattery` },
  clearFault: { name: '/sim/clear_fault', type: `${PKG}/srv/ClearFault` },
} as const satisfies Record<string, { name: string; type: keyof RosServices }>;

export type SimServiceKey = keyof typeof SIM_SERVICES;
export type SimRequest<K extends SimServiceKey> = RosServices[(typeof SIM_SERVICES)[K]['type']]['request'];
export type SimResponse<K extends SimServiceKey> = RosServices[(typeof SIM_SERVICES)[K]['type']]['response'];

/** Latched; on every change and about once a sim second while time runs. */
export const SIM_STATE_TOPIC = { name: '/sim/state', type: `${PKG}/msg/SimState` } as const satisfies { name: string; type: keyof RosMessages };
/** The ROS node that serves the controls. */
export const SIM_CONTROL_NODE = '/sim_control';

export type SimStateMsg = RosMessages['ward_sim_interfaces/msg/SimState'];
export type SimFaultMsg = RosMessages['ward_sim_interfaces/msg/SimFault'];
export type SimRobotStateMsg = RosMessages['ward_sim_interfaces/msg/SimRobotState'];

/** SimFault.kind: BLOCKED_CORRIDOR, PATIENT_ABSENT, LINK_DROPPED. */
export const FAULT_KIND = RosConstants['ward_sim_interfaces/msg/SimFault'];

/** Limits the services check requests against. */
export const SIM_LIMITS = {
  maxTimeScale: 10_000,
  maxBlockRadiusM: 20,
  /** A point given to block_corridor with radius 0 picks the lane nearest it, within this. */
  laneSnapM: 3,
  maxDropSeconds: 86_400,
} as const;

/** The scenarios start_scenario knows, in the order the view offers them. */
export const SCENARIO_NAMES = ['fresh_start', 'morning_round', 'delivery_absent_patient'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
