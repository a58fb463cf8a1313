// Public surface of sim/control: the simulator's own controls (time scale, pause, scenarios, faults),
// in process (SimControl) and as /sim/… ROS services with the latched /sim/state topic (attachControl).
export { SimControl, describe as describeFault } from './sim-control.js';
export type { SimControlDeps, TimeDriver, Fault, NewFault, CorridorRequest } from './sim-control.js';
export { ControlError } from './control-error.js';
export { attachControl, SIM_STATE_RATES } from './control-node.js';
export type { ControlBinding } from './control-node.js';
export { SCENARIOS } from './scenarios.js';
export type { Scenario, ScenarioContext } from './scenarios.js';
export {
  SIM_SERVICES, SIM_STATE_TOPIC, SIM_CONTROL_NODE, SIM_LIMITS, FAULT_KIND, SCENARIO_NAMES,
} from './protocol.js';
export type {
  SimServiceKey, SimRequest, SimResponse, SimStateMsg, SimFaultMsg, SimRobotStateMsg, ScenarioName,
} from './protocol.js';
