import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { MapFileError, loadWard } from './index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CLINIC_MAP = path.resolve(repoRoot, '../shared/maps/clinic/clinic.building.yaml');

/** A ward file in a temp folder over the real clinic map; `body` is appended after name and map. */
function wardFile(body: string, header = `name: Test ward\nmap: ${JSON.stringify(CLINIC_MAP)}\n`): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ward-'));
  const file = path.join(dir, 'clinic.ward.yaml');
  fs.writeFileSync(file, header + body);
  return file;
}

function messageOf(file: string): string {
  try {
    loadWard(file);
  } catch (err) {
    expect(err).toBeInstanceOf(MapFileError);
    expect((err as MapFileError).file).toBe(file);
    return (err as Error).message;
  }
  throw new Error('expected the ward file to be rejected');
}

const BED = (n: number, extra = '') => `  - { name: bed_${n}, kind: bed, level: L1, x: 10, y: -20${extra} }\n`;

describe('loadWard rejects broken ward files, naming file and field', () => {
  it('accepts a valid minimal ward', () => {
    const ward = loadWard(wardFile(`graphs: [0]\nplaces:\n${BED(1)}`));
    expect(ward.graphs).toEqual([0]);
    expect(ward.places.find((p) => p.name === 'bed_1')).toMatchObject({ x: 10, y: -20, yaw: null, vertex: null, label: { en: 'bed_1', 'zh-CN': 'bed_1' } });
  });

  it('an unknown level', () => {
    const msg = messageOf(wardFile(`places:\n${BED(1)}${BED(2)}  - { name: bed_3, kind: bed, level: L3, x: 1, y: 2 }\n`));
    expect(msg).toBe('clinic.ward.yaml: places[2].level: unknown level "L3" (levels: L1, L2)');
  });

  it('an unknown key', () => {
    expect(messageOf(wardFile(`places:\n${BED(1, ', lable: x')}`)))
      .toBe('clinic.ward.yaml: places[0].lable: unknown key "lable" (allowed: name, kind, level, x, y, yaw, label, waypoint)');
    expect(messageOf(wardFile('beds: []\n'))).toMatch(/^clinic\.ward\.yaml: beds: unknown key "beds"/);
  });

  it('duplicate place names, between ward places and with building vertices', () => {
    expect(messageOf(wardFile(`places:\n${BED(1)}${BED(1)}`)))
      .toBe('clinic.ward.yaml: places[1].name: duplicate name "bed_1" (already used by places[0])');
    expect(messageOf(wardFile('places:\n  - { name: L1_right_treatment, kind: bed, level: L1, x: 1, y: 2 }\n')))
      .toBe('clinic.ward.yaml: places[0].name: duplicate name "L1_right_treatment" (already used by clinic.building.yaml levels.L1.vertices[409])');
  });

  it('an unknown kind', () => {
    expect(messageOf(wardFile('places:\n  - { name: x, kind: kitchen, level: L1, x: 1, y: 2 }\n')))
      .toBe('clinic.ward.yaml: places[0].kind: unknown kind "kitchen" (kinds: bed, pharmacy, nurse_station, charger, waypoint, parking, lift)');
  });

  it('a waypoint that does not exist, with suggestions', () => {
    expect(messageOf(wardFile('places:\n  - { name: x, kind: pharmacy, waypoint: L1_left_nurse_centre }\n')))
      .toMatch(/^clinic\.ward\.yaml: places\[0\]\.waypoint: no vertex named "L1_left_nurse_centre"; did you mean L1_left_nurse_center, /);
  });

  it('both a waypoint and coordinates', () => {
    expect(messageOf(wardFile('places:\n  - { name: x, kind: bed, level: L1, x: 1, y: 2, waypoint: L1_right_treatment }\n')))
      .toBe('clinic.ward.yaml: places[0].waypoint: give either waypoint or x/y, not both');
  });

  it('a non-numeric coordinate and a missing one', () => {
    expect(messageOf(wardFile('places:\n  - { name: x, kind: bed, level: L1, x: left, y: 2 }\n')))
      .toBe('clinic.ward.yaml: places[0].x: expected a number, got text "left"');
    expect(messageOf(wardFile('places:\n  - { name: x, kind: bed, level: L1, x: 1 }\n')))
      .toBe('clinic.ward.yaml: places[0].y: expected a number, got nothing (the field is missing)');
  });

  it('a half-translated label', () => {
    expect(messageOf(wardFile(`places:\n${BED(1, ', label: { en: Bed 1 }')}`)))
      .toBe('clinic.ward.yaml: places[0].label.zh-CN: expected text, got nothing (the field is missing)');
  });

  it('robots at unknown or shared places', () => {
    expect(messageOf(wardFile('robots:\n  - { name: r1, place: charger_9 }\n')))
      .toMatch(/^clinic\.ward\.yaml: robots\[0\]\.place: unknown place "charger_9"; did you mean /);
    expect(messageOf(wardFile('robots:\n  - { name: r1, place: L1_right_treatment }\n  - { name: r2, place: L1_right_treatment }\n')))
      .toBe('clinic.ward.yaml: robots[1].place: robots[0] already spawns at "L1_right_treatment"; give each robot its own spot');
    expect(messageOf(wardFile('robots:\n  - { name: r1, place: L1_right_treatment }\n  - { name: r1, place: L1_right_procedure }\n')))
      .toBe('clinic.ward.yaml: robots[1].name: duplicate robot name "r1" (also robots[0])');
  });

  it('a lane graph the map does not have', () => {
    expect(messageOf(wardFile('graphs: [0, 7]\n'))).toBe('clinic.ward.yaml: graphs[1]: the map has no lanes in graph 7 (graphs: 0, 1)');
  });

  it('a missing name or map file', () => {
    expect(messageOf(wardFile('', `map: ${JSON.stringify(CLINIC_MAP)}\n`))).toBe('clinic.ward.yaml: name: expected text, got nothing (the field is missing)');
    const file = wardFile('', 'name: x\nmap: nowhere/else.building.yaml\n');
    expect(messageOf(file)).toBe(`clinic.ward.yaml: map: building map not found at ${path.join(path.dirname(file), 'nowhere/else.building.yaml')} (the path is relative to the ward file)`);
  });
});
