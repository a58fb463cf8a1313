// The simulator's controls in process: each fault changes the world itself (routes, the people, the
// link, the battery), clearing it undoes that, scenarios set the ward up, and refusals name the field.
// The world is paused and stepped by hand, so every run is the same.
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { captureLog } from '../rosbridge/test-support.js';
import { startSimulation, type Simulation } from '../index.js';
import { FAULT_KIND } from './protocol.js';

/** Between beds 4 and 5 on the built-in ward's one corridor (y = -7.7): the west beds lie beyond it from the chargers. */
const CORRIDOR = { level: 'L1', x: 14, y: -7.7 };

describe('SimControl', () => {
  let sim: Simulation;

  beforeEach(async () => {
    sim = await startSimulation({ rosbridgePort: 0, robots: 2, seed: 3, logger: captureLog().logger, startTime: '2025-03-02T08:00:00+08:00' });
    sim.pause();
  });
  afterEach(async () => {
    await sim.close();
  });

  const robot = (name: string) => sim.world.robot(name)!;

  it('blocks the corridor nearest a point: routes beyond it fail, and clearing it opens them again', () => {
    expect(robot('robot_1').goTo({ place: 'bed_2' }).ok).toBe(true);
    robot('robot_1').relocate(sim.world.spawns.get('robot_1')!, 'test');

    const fault = sim.control.blockCorridor(CORRIDOR);
    expect(fault).toMatchObject({ kind: 'blocked_corridor', level: 'L1', lane: { level: 'L1' }, x1: 12.5, x2: 16, radius: 0 });
    const refused = robot('robot_1').goTo({ place: 'bed_2' });
    expect(refused).toMatchObject({ ok: false, code: 'NO_ROUTE' });
    // bed_5's bay door opens off the corridor on the near side of the block.
    expect(robot('robot_1').goTo({ place: 'bed_5' }).ok).toBe(true);

    const shown = sim.control.state().faults;
    expect(shown).toEqual([expect.objectContaining({ id: fault.id, kind: FAULT_KIND.BLOCKED_CORRIDOR, level: 'L1', x1: 12.5, y1: -7.7, x2: 16, y2: -7.7 })]);
    expect(shown[0]!.description).toMatch(/corridor blocked on L1/);

    sim.control.clearFault(fault.id);
    expect(sim.control.state().faults).toEqual([]);
    expect(robot('robot_2').goTo({ place: 'bed_2' }).ok).toBe(true);
  });

  it('a robot driving through a corridor that gets blocked stops with BLOCKED', () => {
    const run = robot('robot_1').goTo({ place: 'bed_1' });
    if (!run.ok) throw new Error(run.message);
    sim.world.step(5);
    expect(run.handle.outcome).toBeNull();
    sim.control.blockCorridor({ level: 'L1', x: 7, y: -7.7 });
    sim.world.step(0.1);
    expect(run.handle.outcome).toMatchObject({ status: 'aborted', code: 'BLOCKED' });
  });

  it('blocks a lane named by its vertices, or a circle; refuses what is not on the map, naming the field', () => {
    const byVertex = sim.control.blockCorridor({ level: 'L1', fromVertex: 74, toVertex: 75 });
    expect(byVertex).toMatchObject({ x1: 12.5, y1: -7.7, x2: 16, y2: -7.7 });
    expect(() => sim.control.blockCorridor(CORRIDOR)).toThrow(/^level: the lane between vertices 74 and 75 on L1 is already blocked \(fault-1\)/);
    sim.control.clearFault(byVertex.id);

    const circle = sim.control.blockCorridor({ ...CORRIDOR, radius: 1 });
    expect(circle).toMatchObject({ lane: null, x1: 14, y1: -7.7, radius: 1 });
    expect(robot('robot_1').goTo({ place: 'bed_2' })).toMatchObject({ ok: false, code: 'NO_ROUTE' });

    expect(() => sim.control.blockCorridor({ level: 'L9', x: 0, y: 0 })).toThrow('level: unknown level "L9" (levels: L1)');
    expect(() => sim.control.blockCorridor({ level: 'L1', x: 14, y: 3 })).toThrow(/^x: no lane of the robots' graph within 3 m of \(14, 3\) on L1/);
    expect(() => sim.control.blockCorridor({ ...CORRIDOR, radius: 25 })).toThrow(/^radius: must be 0 \(the nearest lane\) to 20 m, got 25/);
    expect(() => sim.control.blockCorridor({ level: 'L1', fromVertex: 0, toVertex: 1 })).toThrow(/^from_vertex: no lane of the robots' graph runs between vertices 0 and 1/);
    expect(() => sim.control.blockCorridor({ level: 'L1', fromVertex: 0, toVertex: 999 })).toThrow(/^to_vertex: must be a vertex of level L1/);
    expect(() => sim.control.blockCorridor({ level: 'L1', x: Number.NaN, y: 0 })).toThrow(/^x: must be a number of metres/);
  });

  it('takes a patient out of bed by bed or record number, and puts them back when cleared', () => {
    const fault = sim.control.setPatientAbsent('bed_3');
    expect(fault).toMatchObject({ kind: 'patient_absent', bed: 'bed_3', recordNumber: 'MRN-100003' });
    expect(sim.people.occupant('bed_3')?.present).toBe(false);
    const state = sim.control.state();
    expect(state.occupied_beds).toHaveLength(10);
    expect(state.patients_in_bed).not.toContain('bed_3');
    expect(state.faults[0]).toMatchObject({ kind: FAULT_KIND.PATIENT_ABSENT, bed: 'bed_3', robot: '' });
    expect(() => sim.control.setPatientAbsent('MRN-100003')).toThrow(`bed: the patient in bed_3 is already absent (${fault.id})`);
    expect(() => sim.control.setPatientAbsent('bed_99')).toThrow(/^bed: no simulated patient in "bed_99" \(beds with a patient: bed_1, bed_2/);

    sim.control.clearFault(fault.id);
    expect(sim.people.occupant('bed_3')?.present).toBe(true);
    expect(sim.control.setPatientAbsent('MRN-100004')).toMatchObject({ bed: 'bed_4' });
  });

  it('drops a robot\'s link for a while in sim seconds (or until cleared) and brings it back', () => {
    const fault = sim.control.dropLink('robot_2', 30);
    expect(sim.rosbridge.linkCuts.isCut('/robot_2/pose')).toBe(true);
    expect(sim.rosbridge.linkCuts.isCut('/robot_1/pose')).toBe(false);
    const state = sim.control.state();
    expect(state.robots.map((r) => [r.name, r.link_up])).toEqual([['robot_1', true], ['robot_2', false]]);
    expect(state.faults[0]).toMatchObject({ kind: FAULT_KIND.LINK_DROPPED, robot: 'robot_2', until: { sec: expect.any(Number) } });
    expect(() => sim.control.dropLink('robot_2')).toThrow(`robot: robot_2's link is already dropped (${fault.id})`);
    expect(() => sim.control.dropLink('robot_9')).toThrow('robot: no robot named "robot_9" (robots: robot_1, robot_2)');
    expect(() => sim.control.dropLink('robot_1', -1)).toThrow(/^duration: must be 0 \(until cleared\) to 86400 sim seconds, got -1/);

    // The robot itself carries on while its link is down.
    const run = robot('robot_2').goTo({ place: 'bed_5' });
    expect(run.ok).toBe(true);
    sim.world.step(29.9);
    expect(sim.control.activeFaults()).toHaveLength(1);
    sim.world.step(0.2);
    expect(sim.control.activeFaults()).toEqual([]);
    expect(sim.rosbridge.linkCuts.isCut('/robot_2/pose')).toBe(false);

    const forever = sim.control.dropLink('robot_1');
    sim.world.step(3600);
    expect(sim.rosbridge.linkCuts.isCut('/robot_1/status')).toBe(true);
    sim.control.clearFault(forever.id);
    expect(sim.rosbridge.linkCuts.namespaces()).toEqual([]);
  });

  it('sets a battery to a percentage; an empty one stops the robot', () => {
    expect(sim.control.setBattery('robot_1', 12.5)).toEqual({ before: 100, after: 12.5 });
    expect(robot('robot_1').battery().percentage).toBeCloseTo(0.125);
    expect(sim.control.state().robots[0]!.battery).toBeCloseTo(0.125);
    expect(() => sim.control.setBattery('robot_1', 101)).toThrow('percent: must be 0 to 100, got 101');
    expect(() => sim.control.setBattery('robot_1', Number.NaN)).toThrow('percent: must be 0 to 100, got NaN');
    expect(() => sim.control.setBattery('nobody', 50)).toThrow(/^robot: no robot named "nobody"/);
    sim.control.setBattery('robot_1', 0);
    expect(robot('robot_1').goTo({ place: 'bed_1' })).toMatchObject({ ok: false, code: 'LOW_BATTERY' });
    expect(robot('robot_1').mode()).toBe('error');
  });

  it('sets the time scale and pauses, and says so in its state', () => {
    const changes: string[] = [];
    sim.control.onChange(() => changes.push(`${String(sim.control.timeScale)}${sim.control.paused ? ' paused' : ''}`));
    expect(sim.control.state()).toMatchObject({ time_scale: 1, flat_out: false, paused: true });
    sim.control.setTimeScale(20);
    sim.control.resume();
    expect(sim.world.clock.timeScale).toBe(20);
    expect(sim.control.state()).toMatchObject({ time_scale: 20, paused: false });
    sim.control.setTimeScale('max');
    expect(sim.control.state()).toMatchObject({ time_scale: 0, flat_out: true });
    sim.control.pause();
    const t = sim.world.clock.now();
    expect(changes).toEqual(['20 paused', '20', 'max', 'max paused']);
    expect(() => sim.control.setTimeScale(0)).toThrow(/^time_scale: must be a positive number or 'max' \(flat out\), at most 10000; got 0/);
    expect(() => sim.control.setTimeScale(20_000)).toThrow(/at most 10000; got 20000/);
    expect(sim.world.clock.now()).toBe(t);
  });

  it('starts scenarios: the ward back at its start, then each one\'s own setup', () => {
    sim.control.blockCorridor(CORRIDOR);
    sim.control.dropLink('robot_1');
    sim.control.setBattery('robot_2', 3);
    const away = robot('robot_1').goTo({ place: 'bed_5' });
    if (!away.ok) throw new Error(away.message);
    sim.world.step(4);

    sim.control.startScenario('morning_round');
    expect(away.handle.outcome).toMatchObject({ status: 'aborted', code: 'PREEMPTED' });
    expect(robot('robot_1').pose()).toEqual(sim.world.spawns.get('robot_1'));
    expect(robot('robot_2').battery().percentage).toBe(robot('robot_2').initialBattery);
    expect(sim.rosbridge.linkCuts.namespaces()).toEqual([]);
    const state = sim.control.state();
    expect(state.scenario).toBe('morning_round');
    expect(state.scenarios).toEqual(['fresh_start', 'morning_round', 'delivery_absent_patient']);
    expect(state.faults).toEqual([expect.objectContaining({ kind: FAULT_KIND.PATIENT_ABSENT, bed: 'bed_2' })]);
    expect(robot('robot_1').goTo({ place: 'bed_1' }).ok).toBe(true);

    sim.control.startScenario('delivery_absent_patient');
    // MR-1001 is the ward file's first active order, for the patient in bed 1.
    expect(sim.control.state().faults).toEqual([expect.objectContaining({ bed: 'bed_1' })]);
    expect(sim.people.occupant('bed_2')?.present).toBe(true);

    sim.control.startScenario('fresh_start');
    expect(sim.control.state()).toMatchObject({ scenario: 'fresh_start', faults: [] });
    expect(sim.control.state().patients_in_bed).toHaveLength(10);
    expect(() => sim.control.startScenario('night_shift')).toThrow('name: unknown scenario "night_shift" (scenarios: fresh_start, morning_round, delivery_absent_patient)');
  });

  it('clears every fault at once, and refuses an id that is not active', () => {
    sim.control.blockCorridor(CORRIDOR);
    sim.control.setPatientAbsent('bed_1');
    sim.control.dropLink('robot_1');
    expect(sim.control.clearAll()).toBe(3);
    expect(sim.control.activeFaults()).toEqual([]);
    expect(sim.people.occupant('bed_1')?.present).toBe(true);
    expect(sim.world.graph.blocks()).toEqual([]);
    expect(() => sim.control.clearFault('fault-1')).toThrow('fault_id: no active fault "fault-1" (active: none)');
  });
});
