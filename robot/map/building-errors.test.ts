import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from '@jest/globals';
import { MapFileError, loadBuildingMap } from './index.js';

function tempFile(text: string, name = 'bad.building.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ward-map-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(file: string): MapFileError {
  try {
    loadBuildingMap(file);
  } catch (err) {
    expect(err).toBeInstanceOf(MapFileError);
    return err as MapFileError;
  }
  throw new Error(`expected ${file} to be rejected`);
}

const LEVEL = `levels:
  L1:
    vertices:
      - [0, 0, 0, a]
      - [26, 0, 0, b]
      - [26, 40, 0, c]
`;

describe('loadBuildingMap rejects broken files, naming file and field', () => {
  it('a missing file', () => {
    const file = path.join(os.tmpdir(), 'no-such-dir-1234', 'gone.building.yaml');
    const err = errorOf(file);
    expect(err.file).toBe(file);
    expect(err.field).toBe('');
    expect(err.message).toBe(`gone.building.yaml: file not found at ${file}; check the path`);
  });

  it('invalid YAML, with its line', () => {
    const err = errorOf(tempFile('levels:\n  L1:\n    vertices: [[0, 0, 0\n'));
    expect(err.field).toMatch(/^line \d+, column \d+$/);
    expect(err.message).toMatch(/^bad\.building\.yaml: line \d+, column \d+: invalid YAML: /);
  });

  it('missing levels', () => {
    const err = errorOf(tempFile('name: x\n'));
    expect(err.field).toBe('levels');
    expect(err.message).toBe('bad.building.yaml: levels: missing; a building map needs at least one level');
  });

  it('a lane to a vertex that does not exist', () => {
    const err = errorOf(tempFile(`${LEVEL}    lanes:
      - [0, 1, {graph_idx: [2, 0]}]
      - [1, 999, {graph_idx: [2, 0]}]
`));
    expect(err.field).toBe('levels.L1.lanes[1][1]');
    expect(err.message).toBe('bad.building.yaml: levels.L1.lanes[1][1]: vertex 999 does not exist (level has 3 vertices)');
  });

  it('a non-numeric coordinate', () => {
    const err = errorOf(tempFile(`levels:
  L1:
    vertices:
      - [0, 0, 0, a]
      - [twelve, 0, 0, b]
`));
    expect(err.message).toBe('bad.building.yaml: levels.L1.vertices[1][0]: expected a number, got text "twelve"');
  });

  it('a parameter whose value does not match its type code', () => {
    const err = errorOf(tempFile(`levels:
  L1:
    vertices:
      - [0, 0, 0, a, {is_charger: [4, "yes"]}]
`));
    expect(err.message).toBe('bad.building.yaml: levels.L1.vertices[0][4].is_charger[1]: expected true or false, got text "yes"');
  });

  it('an unsupported coordinate system', () => {
    const err = errorOf(tempFile(`coordinate_system: web_mercator\n${LEVEL}`));
    expect(err.message).toBe('bad.building.yaml: coordinate_system: unsupported "web_mercator" (supported: reference_image, cartesian_meters)');
  });

  it('a measurement of zero pixels', () => {
    const err = errorOf(tempFile(`${LEVEL}    measurements:
      - [1, 1, {distance: [3, 0.7]}]
`));
    expect(err.field).toBe('levels.L1.measurements[0]');
    expect(err.message).toMatch(/same point/);
  });

  it('a lift on an unknown level', () => {
    const err = errorOf(tempFile(`${LEVEL}lifts:
  lift_1: {x: 1, y: 2, width: 2, depth: 2, level_doors: {L1: [d], L9: [d]}}
`));
    expect(err.message).toBe('bad.building.yaml: lifts.lift_1.level_doors.L9: unknown level "L9" (levels: L1)');
  });

  it('duplicate keys rather than silently keeping one', () => {
    const err = errorOf(tempFile(`name: a\nname: b\n${LEVEL}`));
    expect(err.message).toMatch(/^bad\.building\.yaml: line 2, column \d+: invalid YAML: /);
  });
});
