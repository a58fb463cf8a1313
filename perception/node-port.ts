// The little of a ROS node the perception nodes use, so one node runs on the simulator's graph
// (sim/rosbridge RosNode has exactly this shape) and on a robot through an rclnodejs adapter.
export interface PerceptionPublisher<T> {
  publish(msg: T): void;
  destroy?(): void;
}

export interface PerceptionSubscription {
  destroy?(): void;
}

export interface PerceptionNode {
  createPublisher<T>(topic: string, type: string): PerceptionPublisher<T>;
  createSubscription<T>(topic: string, type: string, callback: (msg: T) => void): PerceptionSubscription;
}

/** A ROS header's stamp and frame, given by whoever runs the node (sim time or ROS time). */
export type Stamp = () => { sec: number; nanosec: number };
