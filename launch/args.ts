// Command-line options of the launch profiles, validated at the edge: a bad option stops start-up
// with a message that names it and says what would be accepted.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface LaunchOptions {
  map: string | null;
  ward: string | null;
  robots: number;
  timeScale: number | 'max';
  headless: boolean;
  host: string;
  port: number;
  rosbridgePort: number;
  rosbridge: string | null;
  db: string;
  seed: number;
  /** IANA zone the ward's schedules are read in; null for the system's. */
  timeZone: string | null;
  /** Simulated date and time the simulator starts at (ISO); null for now. */
  startTime: string | null;
  /** Simulator voice mode: patients speak as audio, robots hear and speak with the perception code. */
  voice: boolean;
  help: boolean;
}

export class LaunchOptionError extends Error {
  constructor(option: string, detail: string) {
    super(`--${option}: ${detail}`);
    this.name = 'LaunchOptionError';
  }
}

export const USAGE = `Usage: npm start -- [options]            (simulator + brain + dashboard)
       npm run brain -- --rosbridge ws://HOST:9090 [options]   (brain only, reaching a robot)

  --map FILE            Open-RMF .building.yaml floor plan (default: the built-in ward map)
  --ward FILE           ward file: places (beds, pharmacy ...) and robots on top of a map
  --robots N            number of simulated robots (default 3)
  --time-scale X        simulator speed as a multiple of real time (default 1; up to about 600 the
                        brain keeps up; "max" runs flat out, too fast for the brain's deadlines)
  --headless            no dashboard; the simulator runs an hour a minute (--time-scale 60)
  --host ADDR           address to listen on (default 127.0.0.1)
  --port N              HTTP port of the brain and dashboard (default 8080)
  --rosbridge-port N    port of the simulator's rosbridge server (default 9090)
  --rosbridge URL       brain only: the robot's rosbridge server, e.g. ws://robot-1.local:9090
  --time-zone ZONE      IANA time zone the ward's schedules are read in (default: the system's)
  --start-time ISO      simulator only: the simulated date and time to start at (default: now)
  --db FILE             SQLite database file (default ./ward.db)
  --seed N              random seed of the simulator (default 1)
  --voice               simulator only: patients speak as audio and robots hear them with the speech
                        engines (VAD, wake word "hello robot", pocketsphinx) and answer aloud
  -h, --help            this text`;

/** An hour of the ward a minute: fast to watch, slow enough for the brain's deadlines. */
export const HEADLESS_TIME_SCALE = 60;

function integer(option: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new LaunchOptionError(option, `"${raw}" is not a whole number from ${min} to ${max}`);
  return n;
}

function existingFile(option: string, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const file = resolve(raw);
  if (!existsSync(file)) throw new LaunchOptionError(option, `file ${file} does not exist`);
  return file;
}

export function parseLaunchArgs(argv: string[]): LaunchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        map: { type: 'string' }, ward: { type: 'string' }, robots: { type: 'string' },
        'time-scale': { type: 'string' }, headless: { type: 'boolean' }, host: { type: 'string' },
        port: { type: 'string' }, 'rosbridge-port': { type: 'string' }, rosbridge: { type: 'string' },
        db: { type: 'string' }, seed: { type: 'string' }, 'time-zone': { type: 'string' }, 'start-time': { type: 'string' },
        voice: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new LaunchOptionError('options', `${(err as Error).message}. Run with --help for the list.`);
  }
  // The brain follows the simulator's /clock; flat out, one /clock step outlasts its deadlines.
  let timeScale: number | 'max' = values.headless ? HEADLESS_TIME_SCALE : 1;
  const ts = values['time-scale'];
  if (ts !== undefined) {
    if (ts === 'max') timeScale = 'max';
    else {
      const n = Number(ts);
      if (!Number.isFinite(n) || n <= 0 || n > 100000) throw new LaunchOptionError('time-scale', `"${ts}" must be a number above 0 (e.g. 1, 10, 0.5) or "max"`);
      timeScale = n;
    }
  }
  const rosbridge = values.rosbridge ?? null;
  if (rosbridge !== null && !/^wss?:\/\/[^/\s]+/.test(rosbridge)) {
    throw new LaunchOptionError('rosbridge', `"${rosbridge}" is not a WebSocket URL such as ws://192.0.2.10:9090`);
  }
  const timeZone = values['time-zone'] ?? null;
  if (timeZone !== null) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new LaunchOptionError('time-zone', `"${timeZone}" is not an IANA time zone such as Asia/Shanghai or Europe/London`);
    }
  }
  const startTime = values['start-time'] ?? null;
  if (startTime !== null && Number.isNaN(Date.parse(startTime))) {
    throw new LaunchOptionError('start-time', `"${startTime}" is not a date and time such as 2026-11-23T07:30:00+08:00`);
  }
  return {
    timeZone,
    startTime,
    map: existingFile('map', values.map),
    ward: existingFile('ward', values.ward),
    robots: integer('robots', values.robots, 3, 1, 50),
    timeScale,
    headless: values.headless ?? false,
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port, 8080, 0, 65535),
    rosbridgePort: integer('rosbridge-port', values['rosbridge-port'], 9090, 0, 65535),
    rosbridge,
    db: resolve(values.db ?? 'ward.db'),
    seed: integer('seed', values.seed, 1, 0, 2 ** 31 - 1),
    voice: values.voice ?? false,
    help: values.help ?? false,
  };
}
