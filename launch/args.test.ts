import { describe, it, expect } from '@jest/globals';
import { parseLaunchArgs, LaunchOptionError } from './args.js';

describe('launch options', () => {
  it('has the documented defaults', () => {
    expect(parseLaunchArgs([])).toMatchObject({ robots: 3, timeScale: 1, headless: false, port: 8080, rosbridgePort: 9090, map: null, ward: null, rosbridge: null });
  });
  it('takes the ward\'s time zone and the simulator\'s start time', () => {
    expect(parseLaunchArgs(['--time-zone', 'Asia/Shanghai', '--start-time', '2026-11-23T07:30:00+08:00'])).toMatchObject({ timeZone: 'Asia/Shanghai', startTime: '2026-11-23T07:30:00+08:00' });
    expect(parseLaunchArgs([])).toMatchObject({ timeZone: null, startTime: null });
  });
  it('headless runs an hour a minute unless a time scale is given', () => {
    expect(parseLaunchArgs(['--headless']).timeScale).toBe(60);
    expect(parseLaunchArgs(['--headless', '--time-scale', '20']).timeScale).toBe(20);
  });
  it.each([
    [['--robots', 'three'], /--robots: "three" is not a whole number/],
    [['--port', '70000'], /--port: "70000"/],
    [['--time-scale', '0'], /--time-scale: "0" must be a number above 0/],
    [['--map', '/nonexistent/x.building.yaml'], /--map: file \/nonexistent\/x.building.yaml does not exist/],
    [['--rosbridge', 'robot:9090'], /--rosbridge: "robot:9090" is not a WebSocket URL/],
    [['--colour', 'red'], /Unknown option '--colour'.*--help/],
    [['--time-zone', 'Mars/Olympus'], /--time-zone: "Mars\/Olympus" is not an IANA time zone/],
    [['--start-time', 'tomorrow-ish'], /--start-time: "tomorrow-ish" is not a date and time/],
  ])('%j is refused with a message naming the option', (argv, message) => {
    expect(() => parseLaunchArgs(argv)).toThrow(LaunchOptionError);
    expect(() => parseLaunchArgs(argv)).toThrow(message);
  });
});
