// rosbridge_msgs_per_s: messages per second from the simulator's rosbridge server to a roslib subscriber.
import { pino } from 'pino';
import { Ros, Topic } from 'roslib';
import { interfaces, toRosTime, yawToQuaternion } from '../robot/index.js';
import { RosGraph, RosbridgeServer } from '../sim/index.js';
import { progress, report, type Benchmark } from './report.js';

const MESSAGES = 100_000;
const BATCH = 500;
const TOPIC = '/robot_1/pose';

const bench: Benchmark = {
  name: 'rosbridge_msgs_per_s',
  about: `${MESSAGES} PoseStamped messages through the rosbridge server to one roslib subscriber on loopback (goal ≥ 10,000/s)`,
  async run() {
    const graph = new RosGraph({ logger: pino({ level: 'silent' }) });
    const server = await RosbridgeServer.start({ graph, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
    const pub = graph.createNode('/bench_publisher').createPublisher(TOPIC, 'geometry_msgs/msg/PoseStamped');
    const ros = new Ros({});
    await ros.connect(server.url);
    await new Promise<void>((resolve) => (ros.isConnected ? resolve() : ros.once('connection', () => resolve())));

    let received = 0;
    let first = 0;
    let last = 0;
    const done = new Promise<void>((resolve) => {
      const topic = new Topic({ ros, name: TOPIC, messageType: 'geometry_msgs/msg/PoseStamped' });
      topic.subscribe(() => {
        if (received === 0) first = performance.now();
        last = performance.now();
        if (++received === MESSAGES) resolve();
      });
    });
    // Wait until the server has registered the subscription, then publish flat out in batches.
    while (graph.topicSubscribers(TOPIC).length === 0) await new Promise((r) => setTimeout(r, 5));
    const msg = interfaces().defaults('geometry_msgs/msg/PoseStamped') as { header: { stamp: unknown; frame_id: string }; pose: { position: { x: number }; orientation: unknown } };
    msg.header.frame_id = 'L1';
    msg.pose.orientation = yawToQuaternion(0.5);
    for (let sent = 0; sent < MESSAGES; sent += BATCH) {
      for (let i = 0; i < BATCH; i++) {
        msg.header.stamp = toRosTime((sent + i) / 1000);
        msg.pose.position.x = sent + i;
        pub.publish(msg);
      }
      if (sent % 20_000 === 0) progress(`published ${sent}, received ${received}`);
      await new Promise((r) => setImmediate(r));
    }
    const timeout = new Promise<void>((r) => setTimeout(r, 30_000).unref());
    await Promise.race([done, timeout]);
    const seconds = (last - first) / 1000;
    progress(`received ${received} of ${MESSAGES} in ${seconds.toFixed(2)} s`);
    report('rosbridge_msgs_per_s', (received - 1) / seconds, 'msg/s');
    ros.close();
    await server.close();
  },
};
export default bench;
