import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWard } from '../robot/index.js';
import { CLINIC_WARD_FILE } from '../sim/index.js';
import { checkOptions, type BrainOptions } from './config.js';
import { startBrain } from './start.js';

const good: BrainOptions = { dbFile: '/tmp/x.db', wardFile: CLINIC_WARD_FILE, rosbridgeUrl: 'ws://127.0.0.1:9090' };

describe('brain options', () => {
  it('fills defaults', () => {
    expect(checkOptions(good)).toMatchObject({ host: '127.0.0.1', port: 8080, linkKind: 'rosbridge', taskTimeoutSec: 900, minBatteryPct: 20, dashboard: true });
  });

  it('takes an already loaded ward instead of a ward file', () => {
    const ward = loadWard(CLINIC_WARD_FILE);
    const { wardFile: _unused, ...rest } = good;
    expect(checkOptions({ ...rest, ward })).toMatchObject({ ward, wardFile: null });
  });

  it('names the option at fault', () => {
    const bad = (over: Record<string, unknown>) => () => checkOptions({ ...good, ...over } as BrainOptions);
    expect(bad({ port: 70_000 })).toThrow('startBrain option port: must be a whole number from 0 to 65535, got 70000');
    expect(bad({ port: '80' })).toThrow(/^startBrain option port:/);
    expect(bad({ rosbridgeUrl: 'http://robot:9090' })).toThrow('startBrain option rosbridgeUrl: must start with ws:// or wss://, got "http://robot:9090"');
    expect(bad({ rosbridgeUrl: 'robot' })).toThrow(/^startBrain option rosbridgeUrl: "robot" is not a URL/);
    expect(bad({ dbFile: undefined })).toThrow('startBrain option dbFile: is required');
    expect(bad({ minBatteryPct: 120 })).toThrow(/^startBrain option minBatteryPct:/);
    expect(bad({ taskTimeoutSec: 0 })).toThrow(/^startBrain option taskTimeoutSec:/);
    expect(bad({ linkKind: 'carrier_pigeon' })).toThrow('startBrain option linkKind: must be one of rosbridge, rclnodejs, got "carrier_pigeon"');
    expect(bad({ logger: 'loud' })).toThrow('startBrain option logger: must be a pino logger or false');
    expect(bad({ dbfile: 'typo.db' })).toThrow(/^startBrain option dbfile: is not an option/);
    expect(bad({ wardFile: undefined })).toThrow('startBrain option wardFile: is required (or give a loaded ward as ward)');
    expect(bad({ ward: { name: 'x' } })).toThrow('startBrain option ward: must be a ward loaded with loadWard or resolveWard');
  });

  it('refuses a ward file or database it cannot use, naming the option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brain-config-'));
    try {
      await expect(startBrain({ ...good, dbFile: join(dir, 'a.db'), wardFile: join(dir, 'missing.ward.yaml'), logger: false }))
        .rejects.toThrow(/^startBrain option wardFile: missing\.ward\.yaml: file not found/);
      const notADb = join(dir, 'text.db');
      writeFileSync(notADb, 'this is not a database, it is a shopping list'.repeat(20));
      await expect(startBrain({ ...good, dbFile: notADb, port: 0, logger: false, dashboard: false }))
        .rejects.toThrow(/^startBrain option dbFile: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains that the native ROS 2 link needs rclnodejs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brain-config-'));
    try {
      await expect(startBrain({ ...good, dbFile: join(dir, 'a.db'), linkKind: 'rclnodejs', port: 0, logger: false, dashboard: false }))
        .rejects.toThrow(/^link kind "rclnodejs"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
