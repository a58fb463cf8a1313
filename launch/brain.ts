// `npm run brain`: the brain alone (the `cloud` profile), reaching robots through a rosbridge server.
import { pino } from 'pino';
import { modelOptionsFromEnv } from '../brain/llm/model-config.js';
import { plannerLine } from './planner-line.js';
import { resolveWard } from '../robot/index.js';
import { BUILTIN_WARD_FILE } from '../sim/index.js';
import { startBrain } from '../brain/index.js';
import { LaunchOptionError, parseLaunchArgs, USAGE } from './args.js';
import { closeOnSignal, failStartup } from './run-until-signal.js';

try {
  const opts = parseLaunchArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (opts.startTime) throw new LaunchOptionError('start-time', 'is for `npm start`: a real robot runs on the real clock');
  if (!opts.rosbridge) throw new LaunchOptionError('rosbridge', 'is required: the robot\'s rosbridge server, e.g. --rosbridge ws://192.0.2.10:9090');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const ward = resolveWard({ wardFile: opts.ward, mapFile: opts.map, defaultWardFile: BUILTIN_WARD_FILE });
  const brain = await startBrain({
    ward, host: opts.host, port: opts.port, dbFile: opts.db, rosbridgeUrl: opts.rosbridge, dashboard: !opts.headless,
    logger: logger.child({ part: 'brain' }),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    // WARD_MODEL_BASE_URL / WARD_MODEL / … or WARD_MODEL_CONFIG=file (brain/llm/README.md); none: rules only.
    model: modelOptionsFromEnv(),
  });
  closeOnSignal([brain], (t) => logger.info(t));
  console.log(`\n  Brain is running for ${ward.name}, reaching robots at ${opts.rosbridge}`);
  if (!opts.headless) console.log(`  Dashboard   ${brain.url}/`);
  console.log(plannerLine(brain));
  console.log(`  API         ${brain.url}/api  (OpenAPI: ${brain.url}/docs)\n  Stop with Ctrl-C.\n`);
} catch (err) {
  failStartup(err, USAGE);
}
