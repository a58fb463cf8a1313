// `npm start`: the `sim` profile. Simulator, brain and dashboard in one process, on one machine.
import { pino } from 'pino';
import { modelOptionsFromEnv } from '../brain/llm/model-config.js';
import { plannerLine } from './planner-line.js';
import { resolveWard } from '../robot/index.js';
import { BUILTIN_WARD_FILE, startSimulation } from '../sim/index.js';
import { startBrain } from '../brain/index.js';
import { DEMO_PIN, demoPassword, demoStaffSecrets } from '../brain/demo-staff.js';
import { LaunchOptionError, parseLaunchArgs, USAGE } from './args.js';
import { createDemoSchedules } from './demo-schedules.js';
import { closeOnSignal, failStartup } from './run-until-signal.js';

try {
  const opts = parseLaunchArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (opts.rosbridge) throw new LaunchOptionError('rosbridge', 'is for `npm run brain`; `npm start` runs its own simulator');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const ward = resolveWard({ wardFile: opts.ward, mapFile: opts.map, defaultWardFile: BUILTIN_WARD_FILE });
  const sim = await startSimulation({
    ward, robots: opts.robots, seed: opts.seed, timeScale: opts.timeScale, host: opts.host, rosbridgePort: opts.rosbridgePort,
    logger: logger.child({ part: 'sim' }),
    // In the demo a nurse comes to the robot a minute after it asks, so deliveries can finish unattended.
    defaultResponder: firstNurseBadge(ward.people.staff),
    ...(opts.startTime ? { startTime: opts.startTime } : {}),
    ...(opts.voice ? { voice: true } : {}),
  });
  const brain = await startBrain({
    ward, host: opts.host, port: opts.port, dbFile: opts.db, rosbridgeUrl: sim.url, dashboard: !opts.headless,
    logger: logger.child({ part: 'brain' }), useSimTime: true, staffSecrets: demoStaffSecrets(ward.people.staff),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    // WARD_MODEL_BASE_URL / WARD_MODEL / … or WARD_MODEL_CONFIG=file (brain/llm/README.md); none: rules only.
    model: modelOptionsFromEnv(),
  }).catch(async (err) => { await sim.close(); throw err; });
  closeOnSignal([sim, brain], (t) => logger.info(t));
  const schedules = createDemoSchedules(brain);
  const scale = opts.timeScale === 'max' ? 'as fast as possible' : `${opts.timeScale}× real time`;
  console.log(`\n  Ward robot stack is running: ${ward.name}, ${sim.world.robots.length} simulated robots, ${scale}`);
  if (!opts.headless) {
    console.log(`  Dashboard   ${brain.url}/`);
    console.log(`  Sim view    ${brain.url}/sim/?rosbridge=${encodeURIComponent(sim.url)}`);
    console.log(`  Patient screen: pair a tablet from a robot's row in the dashboard (${brain.url}/patient/)`);
  }
  console.log(`  API         ${brain.url}/api  (OpenAPI: ${brain.url}/docs)`);
  console.log(`  rosbridge   ${sim.url}`);
  console.log(plannerLine(brain));
  console.log(`  Database    ${opts.db}`);
  if (schedules.length) console.log(`  Schedules   ${schedules.join('; ')}`);
  if (ward.people.staff.length) {
    console.log('  Demo sign-ins (simulator only; badge PIN ' + DEMO_PIN + '):');
    for (const s of ward.people.staff) console.log(`    ${s.roles.join('+').padEnd(20)} ${s.username.padEnd(16)} ${demoPassword(s.username)}`);
  }
  console.log('  Stop with Ctrl-C.\n');
} catch (err) {
  failStartup(err, USAGE);
}

function firstNurseBadge(staff: readonly { roles: readonly string[]; badge: string | null }[]): { badge: string; pin: string; afterS: number } | null {
  const nurse = staff.find((s) => s.roles.includes('nurse') && s.badge);
  return nurse?.badge ? { badge: nurse.badge, pin: DEMO_PIN, afterS: 60 } : null;
}
