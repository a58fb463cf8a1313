import { describe, it, expect } from '@jest/globals';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generate, GENERATED_FILE } from './codegen.js';
import { InterfaceRegistry, interfaces, NavigateToPlaceError, GoalStatus, yawToQuaternion, quaternionToYaw, INTERFACE_ROOTS } from './index.js';
import { IdlError } from './idl.js';

const WARD_PKG = join(INTERFACE_ROOTS[1]!, 'ward_interfaces');

describe('ward_interfaces contract', () => {
  it('the committed TypeScript types are what the .msg/.action files generate', () => {
    // Fails when an interface file changed without `npm run gen:interfaces`.
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generate());
  });

  it('CMakeLists.txt hands every interface file to rosidl_generate_interfaces', () => {
    const cmake = readFileSync(join(WARD_PKG, 'CMakeLists.txt'), 'utf8');
    const listed = [...cmake.matchAll(/"((?:msg|srv|action)\/[A-Za-z0-9]+\.(?:msg|srv|action))"/g)].map((m) => m[1]).sort();
    const onDisk = ['msg', 'srv', 'action'].flatMap((kind) => {
      try { return readdirSync(join(WARD_PKG, kind)).map((f) => `${kind}/${f}`); } catch { return []; }
    }).sort();
    expect(listed).toEqual(onDisk);
    expect(readFileSync(join(WARD_PKG, 'package.xml'), 'utf8')).toContain('<member_of_group>rosidl_interface_packages</member_of_group>');
  });

  it('NavigateToPlace has the goal, feedback and result the brain relies on', () => {
    const a = interfaces().action('ward_interfaces/NavigateToPlace')!;
    const fields = (spec: { fields: { name: string; type: { base: string } }[] }) => Object.fromEntries(spec.fields.map((f) => [f.name, f.type.base]));
    expect(fields(a.goal)).toMatchObject({ place_name: 'string' });
    expect(fields(a.feedback)).toMatchObject({
      current_pose: 'geometry_msgs/msg/PoseStamped',
      distance_remaining: 'float32',
      estimated_time_remaining: 'builtin_interfaces/msg/Duration',
    });
    expect(fields(a.result)).toEqual({ success: 'bool', error_code: 'uint16', message: 'string' });
    expect(NavigateToPlaceError.UNKNOWN_PLACE).toBe(1);
    expect(GoalStatus).toMatchObject({ SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 });
  });

  it('uses the standard Nav2 and sensor_msgs definitions', () => {
    const reg = interfaces();
    const nav = reg.action('nav2_msgs/action/NavigateToPose')!;
    expect(nav.goal.fields.map((f) => f.name)).toEqual(['pose', 'behavior_tree']);
    expect(nav.feedback.fields.map((f) => f.name)).toEqual(['current_pose', 'navigation_time', 'estimated_time_remaining', 'number_of_recoveries', 'distance_remaining']);
    expect(reg.constants('sensor_msgs/BatteryState').POWER_SUPPLY_STATUS_CHARGING).toBe(1);
  });
});

describe('schemas and validators derived from the definitions', () => {
  const reg = interfaces();

  it('accepts a complete goal and names the bad field of a broken one', () => {
    expect(reg.validate('ward_interfaces/action/NavigateToPlace_Goal', { place_name: 'bed_3', max_speed: 0 })).toEqual({ ok: true });
    const bad = reg.validate('ward_interfaces/action/NavigateToPlace_Goal', { place_name: 7, max_speed: 0, open_drawer: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toContain('place_name: must be string');
      expect(bad.errors).toContain('open_drawer: is not a field of this message');
    }
  });

  it('names nested paths and integer ranges', () => {
    const msg = reg.complete('geometry_msgs/PoseStamped', { header: { stamp: { sec: 1.5 } } });
    const v = reg.validate('geometry_msgs/msg/PoseStamped', msg);
    expect(v).toEqual({ ok: false, errors: ['header.stamp.sec: must be integer'] });
    const range = reg.validate('ward_interfaces/msg/RobotStatus', { ...reg.defaults('ward_interfaces/msg/RobotStatus'), mode: 300 });
    expect(range.ok).toBe(false);
  });

  it('fills defaults the way rosbridge does, honouring declared defaults', () => {
    expect(reg.defaults('geometry_msgs/Quaternion')).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    const goal = reg.complete('nav2_msgs/action/NavigateToPose_Goal', { pose: { pose: { position: { x: 2 } } } });
    expect(goal).toMatchObject({ behavior_tree: '', pose: { header: { frame_id: '' }, pose: { position: { x: 2, y: 0 }, orientation: { w: 1 } } } });
    expect(reg.defaults('unique_identifier_msgs/UUID')).toEqual({ uuid: Buffer.alloc(16).toString('base64') });
  });

  it('partial schemas leave fields optional, wire schemas accept NaN-as-null floats', () => {
    expect(reg.validate('geometry_msgs/Point', { x: 1 }, { partial: true })).toEqual({ ok: true });
    expect(reg.validate('geometry_msgs/Point', { x: null, y: 0, z: 0 }).ok).toBe(false);
    expect(reg.validate('geometry_msgs/Point', { x: null, y: 0, z: 0 }, { wire: true })).toEqual({ ok: true });
  });

  it('gives an LLM-ready JSON Schema with descriptions from the comments', () => {
    const s = reg.schema('ward_interfaces/action/NavigateToPlace_Goal') as { properties: Record<string, { description?: string }>; required: string[] };
    expect(s.required).toEqual(['place_name', 'max_speed']);
    expect(s.properties.max_speed!.description).toMatch(/m\/s/);
  });

  it('converts yaw and quaternions both ways', () => {
    for (const yaw of [0, 1, -2, 3]) expect(quaternionToYaw(yawToQuaternion(yaw))).toBeCloseTo(yaw, 9);
  });
});

describe('the parser rejects broken definitions with file and line', () => {
  function registryWith(file: string, text: string): () => InterfaceRegistry {
    const root = mkdtempSync(join(tmpdir(), 'idl-'));
    const [pkg, kind, name] = file.split('/');
    mkdirSync(join(root, pkg!, kind!), { recursive: true });
    writeFileSync(join(root, pkg!, kind!, name!), text);
    return () => InterfaceRegistry.load([join(INTERFACE_ROOTS[0]!), root]);
  }
  it.each([
    ['p/msg/A.msg', 'string Name\n', /A\.msg:1: field name "Name"/],
    ['p/msg/B.msg', 'uint8 x 300\n', /B\.msg:1: 300 does not fit uint8/],
    ['p/msg/C.msg', 'Missing thing\n', /unknown type p\/msg\/Missing/],
    ['p/action/D.action', 'string a\n---\nbool b\n', /expected 3 sections/],
    ['p/msg/E.msg', '# ok\nint32 x\nint32 x\n', /E\.msg:3: field "x" is defined twice/],
  ])('%s', (file, text, message) => {
    expect(registryWith(file, text)).toThrow(IdlError);
    expect(registryWith(file, text)).toThrow(message);
  });
});
