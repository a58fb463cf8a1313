// Options of startBrain, checked up front so a bad one fails with its name before anything starts.
import type { Logger } from 'pino';
import type { WardMap } from '../robot/index.js';
import { LINK_KINDS, type LinkKind } from './link/types.js';
import type { ScryptParams } from './auth/index.js';
import type { WorkflowTiming } from './workflows/services.js';
import { checkModelOptions, ModelConfigError, type ModelOptions } from './llm/model-config.js';

export interface BrainOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 8080; 0 lets the OS choose. */
  port?: number;
  /** SQLite database file; created with its folder if missing. */
  dbFile: string;
  /** Ward file (`*.ward.yaml`); needed unless `ward` is given. */
  wardFile?: string;
  /** An already loaded ward (e.g. from `resolveWard`); wins over wardFile. */
  ward?: WardMap;
  /** ws:// or wss:// URL of the robots' rosbridge server. */
  rosbridgeUrl: string;
  /** Robot link kind; default rosbridge. */
  linkKind?: LinkKind;
  /** Hard limit on one task's run time in seconds; default 900. Shorter deadlines come from the route estimate. */
  taskTimeoutSec?: number;
  /** Robots below this battery percentage get no new task; default 20. */
  minBatteryPct?: number;
  /** A pino logger, or false for silence; default: pino at LOG_LEVEL or info. */
  logger?: Logger | false;
  /** Serve the dashboard's files (building it takes a moment); default true. */
  dashboard?: boolean;
  /** Follow the simulator's /clock (ROS use_sim_time) instead of the wall clock; default false. */
  useSimTime?: boolean;
  /** IANA time zone of the ward, for schedules ("08:00"); default the system's. */
  timeZone?: string;
  /** Demo and test staff: accounts created at start (if missing) for the ward file's staff, with these secrets. */
  staffSecrets?: Record<string, { password: string; pin?: string }>;
  /** Cheaper password hashing for tests and benchmarks only (brain/auth TEST_ONLY_SCRYPT). */
  scrypt?: ScryptParams;
  /** Seconds a patient has to answer, a nurse to sign in at the robot, a pharmacist to load/unload. */
  timing?: Partial<WorkflowTiming>;
  /** A robot below this battery percentage hands the rest of a long task back and charges; default 25. */
  handBackBatteryPct?: number;
  /**
   * An OpenAI-compatible model server for planning free-text requests and writing patient answers
   * (brain/llm/README.md). Absent or null: the deterministic planner and dialogue, a normal mode.
   * The CLI reads it from WARD_MODEL_* variables or a file (modelOptionsFromEnv).
   */
  model?: ModelOptions | null;
}

export interface BrainConfig {
  host: string;
  port: number;
  dbFile: string;
  /** Exactly one of the two is set. */
  wardFile: string | null;
  ward: WardMap | null;
  rosbridgeUrl: string;
  linkKind: LinkKind;
  taskTimeoutSec: number;
  minBatteryPct: number;
  logger: Logger | false | undefined;
  dashboard: boolean;
  useSimTime: boolean;
  timeZone: string;
  staffSecrets: Record<string, { password: string; pin?: string }>;
  scrypt: ScryptParams | undefined;
  timing: Partial<WorkflowTiming>;
  handBackBatteryPct: number;
  model: ModelOptions | null;
}

export class BrainConfigError extends Error {
  override readonly name = 'BrainConfigError';
  constructor(readonly option: string, problem: string) {
    super(`startBrain option ${option}: ${problem}`);
  }
}

const KNOWN = ['host', 'port', 'dbFile', 'wardFile', 'ward', 'rosbridgeUrl', 'linkKind', 'taskTimeoutSec', 'minBatteryPct', 'logger', 'dashboard',
  'useSimTime', 'timeZone', 'staffSecrets', 'scrypt', 'timing', 'handBackBatteryPct', 'model'];

export function checkOptions(input: BrainOptions): BrainConfig {
  if (!input || typeof input !== 'object') throw new BrainConfigError('(options)', 'expected an object');
  const opts = input as unknown as Record<string, unknown>;
  for (const key of Object.keys(opts)) {
    if (!KNOWN.includes(key)) throw new BrainConfigError(key, `is not an option (options: ${KNOWN.join(', ')})`);
  }
  const text = (name: string, fallback?: string): string => {
    const v = opts[name] ?? fallback;
    if (typeof v !== 'string' || v.trim() === '') throw new BrainConfigError(name, v === undefined ? 'is required' : 'must be non-empty text');
    return v;
  };
  const number = (name: string, fallback: number, min: number, max: number, integer = false): number => {
    const v = opts[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      throw new BrainConfigError(name, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
    return v;
  };

  const linkKind = (opts.linkKind ?? 'rosbridge') as LinkKind;
  if (!LINK_KINDS.includes(linkKind)) throw new BrainConfigError('linkKind', `must be one of ${LINK_KINDS.join(', ')}, got ${JSON.stringify(linkKind)}`);
  const rosbridgeUrl = text('rosbridgeUrl');
  let url: URL;
  try {
    url = new URL(rosbridgeUrl);
  } catch {
    throw new BrainConfigError('rosbridgeUrl', `"${rosbridgeUrl}" is not a URL; expected ws://host:9090`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new BrainConfigError('rosbridgeUrl', `must start with ws:// or wss://, got "${rosbridgeUrl}"`);
  }
  const logger = opts.logger;
  if (logger !== undefined && logger !== false && (typeof logger !== 'object' || logger === null || typeof (logger as Logger).child !== 'function')) {
    throw new BrainConfigError('logger', 'must be a pino logger or false');
  }
  const ward = opts.ward ?? null;
  if (ward !== null && (typeof ward !== 'object' || !Array.isArray((ward as WardMap).places) || !(ward as WardMap).building)) {
    throw new BrainConfigError('ward', 'must be a ward loaded with loadWard or resolveWard');
  }
  if (ward === null && opts.wardFile === undefined) throw new BrainConfigError('wardFile', 'is required (or give a loaded ward as ward)');
  const dashboard = opts.dashboard ?? true;
  if (typeof dashboard !== 'boolean') throw new BrainConfigError('dashboard', 'must be true or false');

  const useSimTime = opts.useSimTime ?? false;
  if (typeof useSimTime !== 'boolean') throw new BrainConfigError('useSimTime', 'must be true or false');
  const timeZone = text('timeZone', Intl.DateTimeFormat().resolvedOptions().timeZone);
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new BrainConfigError('timeZone', `"${timeZone}" is not an IANA time zone such as Asia/Shanghai or Europe/London`);
  }
  const timing = (opts.timing ?? {}) as Record<string, unknown>;
  if (typeof timing !== 'object' || timing === null) throw new BrainConfigError('timing', 'must be an object');
  for (const [k, v] of Object.entries(timing)) {
    if (!['answerS', 'nurseS', 'loadS', 'unloadS'].includes(k)) throw new BrainConfigError(`timing.${k}`, 'is not a timing (answerS, nurseS, loadS, unloadS)');
    if (typeof v !== 'number' || !(v > 0)) throw new BrainConfigError(`timing.${k}`, 'must be a positive number of seconds');
  }
  const staffSecrets = (opts.staffSecrets ?? {}) as BrainConfig['staffSecrets'];
  if (typeof staffSecrets !== 'object' || staffSecrets === null) throw new BrainConfigError('staffSecrets', 'must be an object of username → { password, pin }');

  let model: ModelOptions | null = null;
  try {
    model = opts.model === undefined || opts.model === null ? null : checkModelOptions(opts.model, 'model');
  } catch (err) {
    if (err instanceof ModelConfigError) throw new BrainConfigError(err.field, err.problem);
    throw err;
  }

  return {
    model,
    useSimTime,
    timeZone,
    staffSecrets,
    scrypt: opts.scrypt as ScryptParams | undefined,
    timing: timing as Partial<WorkflowTiming>,
    handBackBatteryPct: number('handBackBatteryPct', 25, 0, 100),
    host: text('host', '127.0.0.1'),
    port: number('port', 8080, 0, 65_535, true),
    dbFile: text('dbFile'),
    wardFile: ward ? null : text('wardFile'),
    ward: ward as WardMap | null,
    rosbridgeUrl,
    linkKind,
    taskTimeoutSec: number('taskTimeoutSec', 900, 0.001, 7 * 24 * 3600),
    minBatteryPct: number('minBatteryPct', 20, 0, 100),
    logger: logger as Logger | false | undefined,
    dashboard,
  };
}
