import { describe, it, expect } from '@jest/globals';
import { WebSocket } from 'ws';
import { captureLog, RawClient } from './rosbridge/test-support.js';
import { BUILTIN_WARD_FILE, startSimulation } from './index.js';

const wallMs = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = () => captureLog().logger;

describe('startSimulation', () => {
  it('serves the built-in ward over rosbridge on the port the OS picked', async () => {
    const sim = await startSimulation({ rosbridgePort: 0, logger: quiet() });
    try {
      expect(sim.url).toBe(`ws://127.0.0.1:${sim.rosbridge.port}`);
      expect(sim.world.ward.file).toBe(BUILTIN_WARD_FILE);
      expect(sim.world.robots.map((r) => r.name)).toEqual(['robot_1', 'robot_2']);
      const client = await RawClient.connect(sim.url);
      client.send({ op: 'call_service', id: 'n', service: 'rosapi/nodes' });
      const nodes = (await client.next((f) => f.id === 'n')).values as { nodes: string[] };
      expect(nodes.nodes).toEqual(expect.arrayContaining(['/robot_1/ward_skill_server', '/robot_2/ward_skill_server', '/rosapi', '/rosbridge_websocket']));
      await client.close();
    } finally {
      await sim.close();
    }
  });

  it('runs at a time scale, flat out with "max", and stands still while paused', async () => {
    const sim = await startSimulation({ rosbridgePort: 0, robots: 3, timeScale: 2, logger: quiet() });
    try {
      expect(sim.world.robots).toHaveLength(3);
      const t0 = sim.world.clock.now();
      const w0 = Date.now();
      await wallMs(200);
      const scaled = sim.world.clock.now() - t0;
      const wall = Date.now() - w0;
      // At 2× the sim runs ahead of the wall clock but never more than twice as fast (plus one step);
      // measured against the wall time that really passed, so a busy machine's late timer does not matter.
      expect(scaled).toBeGreaterThan(200);
      expect(scaled).toBeLessThanOrEqual(2 * wall + 100);

      sim.setTimeScale('max');
      const t1 = sim.world.clock.now();
      await wallMs(200);
      expect(sim.world.clock.now() - t1).toBeGreaterThan(10 * 200);

      sim.pause();
      const t2 = sim.world.clock.now();
      await wallMs(100);
      expect(sim.world.clock.now()).toBe(t2);
      expect(sim.world.clock.paused).toBe(true);
      sim.setTimeScale(1);
      await wallMs(50);
      expect(sim.world.clock.now()).toBe(t2);
      sim.resume();
      await wallMs(100);
      expect(sim.world.clock.now()).toBeGreaterThan(t2);
      expect(sim.world.clock.timeScale).toBe(1);
      expect(() => sim.setTimeScale(0)).toThrow(/positive number or 'max'/);
    } finally {
      await sim.close();
    }
  });

  it('dropClients cuts the sockets; close releases the port and stops the world', async () => {
    const sim = await startSimulation({ rosbridgePort: 0, timeScale: 'max', logger: quiet() });
    const client = await RawClient.connect(sim.url);
    const closed = new Promise<number>((resolve) => client.ws.once('close', resolve));
    sim.dropClients();
    expect(await closed).toBe(1006);
    await sim.close();
    const t = sim.world.clock.now();
    await wallMs(30);
    expect(sim.world.clock.now()).toBe(t);
    const refused = new WebSocket(sim.url);
    await expect(new Promise((resolve, reject) => { refused.once('open', resolve); refused.once('error', reject); })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails cleanly on a bad ward file or a port in use', async () => {
    await expect(startSimulation({ wardFile: '/nonexistent/ward.yaml', rosbridgePort: 0, logger: quiet() })).rejects.toThrow(/nonexistent/);
    const first = await startSimulation({ rosbridgePort: 0, logger: quiet() });
    try {
      await expect(startSimulation({ rosbridgePort: first.rosbridge.port, logger: quiet() })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
