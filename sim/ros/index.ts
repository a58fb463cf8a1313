// Public surface of sim/ros: simulated robots as nodes of the in-process ROS graph.
export { attachRobot, attachWorld, robotNodeNames, ROBOT_RATES } from './robot-node.js';
export type { RobotBinding, AttachOptions } from './robot-node.js';
export { publishClock, CLOCK_RATES, CLOCK_NODE } from './clock-publisher.js';
export type { ClockBinding } from './clock-publisher.js';
export { epochMsToRosTime, parseStartTime } from './sim-time.js';
export * from './skills/index.js';
