// Public surface of robot/: the ROS interface contract and the ward map every other part reads.
export * from './interfaces/index.js';
export * from './map/index.js';
