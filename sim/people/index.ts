// Public surface of sim/people: the simulated patients and staff of a ward.
export { SimPeople, SIM_SPEECH_CONFIDENCE, PEOPLE_NODE } from './sim-people.js';
export type { BedOccupant, SimPeopleOptions } from './sim-people.js';
export { defaultAnswer, chineseIdentity, IDENTITY_QUESTION } from './default-answers.js';
export { DEFAULT_ANSWER_DELAY_S } from './patient-script.js';
export type { PlannedSignIn } from './staff-desk.js';
export type { PatientScript, StaffCredential, DefaultResponder, HeardQuestion, SpokenAnswer, PatientVoice } from './types.js';
