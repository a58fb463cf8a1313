import type { SimRobotConfig } from './robot-config.js';

export interface BatteryReading {
  /** 0..1 */
  percentage: number;
  voltage: number;
  chargeAh: number;
  capacityAh: number;
  charging: boolean;
}

/** Coulomb counting: a constant idle draw, a drive draw proportional to speed, a constant charge current. */
export class Battery {
  private chargeAh: number;
  private charging = false;

  constructor(private readonly cfg: SimRobotConfig) {
    this.chargeAh = cfg.batteryCapacityAh * cfg.initialBattery;
  }

  update(dtSec: number, speed: number, onCharger: boolean): void {
    const cap = this.cfg.batteryCapacityAh;
    const drawA = this.cfg.idleCurrentA + this.cfg.motionCurrentA * Math.abs(speed);
    // On the dock the charger also powers the robot, so a full battery stays full rather than
    // flickering between charging and draining.
    const netA = (onCharger ? this.cfg.chargeCurrentA : 0) - drawA;
    this.chargeAh = Math.min(cap, Math.max(0, this.chargeAh + (netA * dtSec) / 3600));
    this.charging = onCharger && this.chargeAh < cap;
  }

  get empty(): boolean {
    return this.chargeAh <= 0;
  }

  set(fraction: number): void {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`setBattery: expected a fraction 0..1, got ${fraction}`);
    this.chargeAh = fraction * this.cfg.batteryCapacityAh;
  }

  reading(): BatteryReading {
    const percentage = this.chargeAh / this.cfg.batteryCapacityAh;
    return {
      percentage,
      voltage: this.cfg.voltageEmpty + (this.cfg.voltageFull - this.cfg.voltageEmpty) * percentage,
      chargeAh: this.chargeAh,
      capacityAh: this.cfg.batteryCapacityAh,
      charging: this.charging,
    };
  }
}
