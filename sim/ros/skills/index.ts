// Public surface of sim/ros/skills: the ward-skill action servers of a simulated robot.
export { attachSkills } from './attach-skills.js';
export type { SkillOptions, RobotSkills } from './attach-skills.js';
export type { SpokenLine, DrawerActuation, DrawerStateName } from './records.js';
export { RobotRecords } from './records.js';
export { speechSeconds, SPEECH_CHARS_PER_S, MIN_SPEECH_S } from './speech-timing.js';
export { placeAt, bedAt, AT_PLACE_RADIUS_M } from './where.js';
export { DEFAULT_DRAWER_COUNT, checkDrawerCount } from './drawers.js';
export { DEFAULT_ANSWER_TIMEOUT_S } from './ask-question.js';
export { DEFAULT_DETECT_TIMEOUT_S } from './detect-person.js';
export { DEFAULT_WRISTBAND_TIMEOUT_S, WRISTBAND_SYMBOLOGY } from './read-wristband.js';
export { DEFAULT_SIGN_IN_TIMEOUT_S } from './authenticate-staff.js';
export { DRAWER_ACTUATION_S } from './drawer-control.js';
