export interface SimRobotConfig {
  /** m/s */
  maxLinearSpeed: number;
  /** m/s², used for both speeding up and braking */
  maxLinearAccel: number;
  /** rad/s */
  maxYawRate: number;
  /** rad/s² */
  maxYawAccel: number;
  /** Heading errors above this make the robot stop and turn on the spot, radians. */
  rotateInPlaceAngle: number;
  /** Arrival is accepted within this distance of the goal, metres. */
  goalTolerance: number;
  /** Final heading is accepted within this error, radians. */
  yawTolerance: number;
  /** Relative wheel-speed noise (uniform ±), so seeded runs differ from each other but not from themselves. */
  speedNoise: number;
  batteryCapacityAh: number;
  /** Computers, sensors and screen, amperes. */
  idleCurrentA: number;
  /** Extra drive current per m/s of speed, amperes. */
  motionCurrentA: number;
  chargeCurrentA: number;
  voltageEmpty: number;
  voltageFull: number;
  /** A robot standing this close to a charger place charges, metres. */
  chargerRadius: number;
  /** Battery fraction at spawn. */
  initialBattery: number;
}

export const DEFAULT_ROBOT_CONFIG: Readonly<SimRobotConfig> = {
  maxLinearSpeed: 1.0,
  maxLinearAccel: 0.5,
  maxYawRate: 1.5,
  maxYawAccel: 3.0,
  rotateInPlaceAngle: 0.5,
  goalTolerance: 0.05,
  yawTolerance: 0.03,
  speedNoise: 0.02,
  batteryCapacityAh: 20,
  idleCurrentA: 1.5,
  motionCurrentA: 4,
  chargeCurrentA: 10,
  voltageEmpty: 22.0,
  voltageFull: 25.2,
  chargerRadius: 0.3,
  initialBattery: 1.0,
};

export function robotConfig(overrides: Partial<SimRobotConfig> = {}): SimRobotConfig {
  const cfg = { ...DEFAULT_ROBOT_CONFIG, ...overrides };
  for (const [key, value] of Object.entries(cfg)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`robotConfig.${key}: expected a non-negative number, got ${String(value)}`);
    }
  }
  for (const key of ['maxLinearSpeed', 'maxLinearAccel', 'maxYawRate', 'maxYawAccel', 'batteryCapacityAh'] as const) {
    if (cfg[key] === 0) throw new RangeError(`robotConfig.${key}: must be greater than 0`);
  }
  if (cfg.initialBattery > 1) throw new RangeError(`robotConfig.initialBattery: expected a fraction 0..1, got ${cfg.initialBattery}`);
  return cfg;
}
