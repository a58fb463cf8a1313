// Named scenarios: what start_scenario sets up in the simulated ward, after SimControl has put it
// back to its start (faults cleared, patients in bed with default answers, robots on their spawn
// points). A scenario sets up the ward's side only; the task itself (a round, a delivery) is then
// sent from the dashboard or the API, as on a real ward.
import type { Patient } from '../../robot/index.js';
import type { SimPeople } from '../people/index.js';
import type { SimWorld } from '../world/index.js';
import { ControlError } from './control-error.js';
import type { ScenarioName } from './protocol.js';
import type { SimControl } from './sim-control.js';

export interface ScenarioContext {
  world: SimWorld;
  people: SimPeople;
  control: SimControl;
}

export interface Scenario {
  name: ScenarioName;
  /** What it sets up, in English (the sim view words it in both languages). */
  description: string;
  setUp(ctx: ScenarioContext): void;
}

/** The round's question ids on the wire (brain/workflows/round/questions.ts asks them as `round:<id>`). */
const ROUND_PAIN = 'round:pain';
const ROUND_ANYTHING_ELSE = 'round:anything_else';
const FALL = { en: 'I slipped in the bathroom this morning and fell', 'zh-CN': '我今天早上在卫生间摔倒了' } as const;

/** Patients in beds, in bed order (bed_2 before bed_10). */
function bedded(people: SimPeople): (Patient & { bed: string })[] {
  const order = new Intl.Collator('en', { numeric: true });
  return people.patients()
    .filter((p): p is Patient & { bed: string } => p.bed !== null)
    .sort((a, b) => order.compare(a.bed, b.bed));
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'fresh_start',
    description: 'The ward as at start: no faults, every patient in bed, robots on their spawn points.',
    setUp: () => undefined,
  },
  {
    name: 'morning_round',
    description: "Ready for a ward round: the second bed's patient is away, the third reports pain 8 of 10, the fourth says they fell this morning.",
    setUp: ({ people, control }) => {
      const [, away, inPain, fell] = bedded(people);
      if (away) control.setPatientAbsent(away.bed);
      if (inPain) people.script(inPain.recordNumber, { answers: { [ROUND_PAIN]: '8' } });
      if (fell) people.script(fell.recordNumber, { answers: { [ROUND_ANYTHING_ELSE]: FALL[fell.language] } });
    },
  },
  {
    name: 'delivery_absent_patient',
    description: 'A medication delivery that cannot be handed over: the patient of the first active order is away from their bed.',
    setUp: ({ world, people, control }) => {
      const beds = new Map(bedded(people).map((p) => [p.recordNumber, p.bed]));
      const order = world.ward.people.orders.find((o) => o.status === 'active' && beds.has(o.patient));
      if (!order) throw new ControlError('name', 'this ward has no active medication order for a patient in a bed');
      control.setPatientAbsent(beds.get(order.patient)!);
    },
  },
];
