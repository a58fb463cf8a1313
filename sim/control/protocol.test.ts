// The control contract is written once, in robot/ward_sim_interfaces: the package builds as a real ament
// package, every name here has its interface, and the scenario and fault constants agree with the code.
import { describe, it, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERFACE_ROOTS, interfaces } from '../../robot/index.js';
import { FAULT_KIND, SCENARIO_NAMES, SIM_SERVICES, SIM_STATE_TOPIC } from './protocol.js';
import { SCENARIOS } from './scenarios.js';

const PKG = join(INTERFACE_ROOTS[1]!, 'ward_sim_interfaces');

describe('ward_sim_interfaces', () => {
  it('CMakeLists.txt hands every interface file to rosidl_generate_interfaces', () => {
    const cmake = readFileSync(join(PKG, 'CMakeLists.txt'), 'utf8');
    const listed = [...cmake.matchAll(/"((?:msg|srv|action)\/[A-Za-z0-9]+\.(?:msg|srv|action))"/g)].map((m) => m[1]).sort();
    const onDisk = ['msg', 'srv', 'action'].flatMap((kind) => {
      try { return readdirSync(join(PKG, kind)).map((f) => `${kind}/${f}`); } catch { return []; }
    }).sort();
    expect(listed).toEqual(onDisk);
    expect(readFileSync(join(PKG, 'package.xml'), 'utf8')).toContain('<name>ward_sim_interfaces</name>');
  });

  it('every control and /sim/state has its interface, and the constants match the code', () => {
    for (const { type } of Object.values(SIM_SERVICES)) expect(interfaces().service(type)).toBeDefined();
    expect(interfaces().hasMessage(SIM_STATE_TOPIC.type)).toBe(true);
    expect(Object.values(SIM_SERVICES).every((s) => s.name.startsWith('/sim/'))).toBe(true);
    expect(FAULT_KIND).toEqual({ BLOCKED_CORRIDOR: 1, PATIENT_ABSENT: 2, LINK_DROPPED: 3 });
    expect(SCENARIOS.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
  });

  it('refuses a request of the wrong shape with the field, before the simulator sees it', () => {
    expect(interfaces().validate('ward_sim_interfaces/srv/SetBattery_Request', { robot: 'robot_1', percent: 'full' }, { partial: true }))
      .toEqual({ ok: false, errors: ['percent: must be number'] });
    expect(interfaces().validate('ward_sim_interfaces/srv/BlockCorridor_Request', { level: 'L1', from_vertex: 1.5 }, { partial: true }))
      .toEqual({ ok: false, errors: ['from_vertex: must be integer'] });
  });
});
