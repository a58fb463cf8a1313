// End to end in the simulator's voice mode: the real brain over rosbridge, patients speaking as
// audio on the robot's microphone topic, the robot hearing them with its own perception code (Silero
// VAD, the pocketsphinx wake word and recogniser) and speaking with espeak-ng on its speaker topic.
import { describe, it, expect, afterEach } from '@jest/globals';
import { MESSAGE_TYPES, robotNames, type AudioChunk, type Utterance } from '../../robot/index.js';
import { signIn } from '../../brain/demo-staff.js';
import { until } from '../../test/until.js';
import { closeWardRig, dispatchTask, finished, startWardRig, taskLog, WAIT_MS, type WardRig } from '../../test/ward-rig.js';

let rig: WardRig | null = null;
afterEach(async () => {
  if (!rig) return;
  const r = rig;
  rig = null;
  await closeWardRig(r);
});

const BED = 'bed_5';

/** Everything on the robot's patient_speech and speaker topics, heard on the sim's own graph. */
function tap(r: WardRig, robot: string) {
  const names = robotNames(robot);
  const node = r.sim.rosbridge.graph.createNode('/voice_test_tap');
  const speech: Utterance[] = [];
  const speaker: { chunk: AudioChunk; simMs: number }[] = [];
  node.createSubscription<Utterance>(names.patientSpeech, MESSAGE_TYPES.patientSpeech, (u) => speech.push(u));
  node.createSubscription<AudioChunk>(names.speaker, MESSAGE_TYPES.speaker, (c) => speaker.push({ chunk: c, simMs: r.sim.world.clock.now() }));
  return { speech, speaker };
}

describe('the simulator with voice on', () => {
  it('runs a ward round at one English-speaking bed with the answers spoken as audio and recognised by pocketsphinx', async () => {
    const r = rig = await startWardRig('voice-round-', {}, { voice: true });
    const robot = r.sim.world.robots[0]!.name;
    const heard = tap(r, robot);
    const nurse = await signIn(r.brain.url, 'nurse.chen');
    const { id } = await dispatchTask(r, nurse, 'ward_round', { beds: [BED] });
    const done = await finished(r, id, nurse, 150_000);
    if (done.status !== 'completed') throw new Error(`round ended ${done.status}: ${JSON.stringify({ reason: done.status_reason, log: await taskLog(r, id, nurse) })}`);

    const entry = r.brain.rounds.summary(id).entries.find((e) => e.bed === BED)!;
    expect(entry.status).toBe('visited');
    const answer = (q: string) => entry.answers.find((a) => a.question === q);
    expect(entry.answers.map((a) => a.question)).toEqual(['pain', 'sleep', 'nausea', 'breathing', 'mobility', 'anything_else']);
    // The simulated patient's defaults ("2", "no", the first choice, "nothing else, thank you"), heard.
    expect(answer('pain')).toMatchObject({ raw: 'two', value: 2, unclear: false });
    expect(answer('sleep')).toMatchObject({ raw: 'well', unclear: false });
    expect(answer('nausea')).toMatchObject({ raw: 'no', unclear: false });
    expect(answer('breathing')).toMatchObject({ raw: 'no', unclear: false });
    expect(answer('mobility')).toMatchObject({ raw: 'on my own', unclear: false });
    expect(answer('anything_else')?.raw).toBe('nothing else thank you');

    // Every answer came from speech recognition, none as the simulator's text stand-in.
    expect(heard.speech.length).toBeGreaterThanOrEqual(6);
    expect(heard.speech.every((u) => u.source === 'speech')).toBe(true);
    // And the robot asked aloud: audio on its speaker topic.
    expect(heard.speaker.length).toBeGreaterThan(50);
    expect(r.sim.robotRecords(robot).transcript.filter((l) => l.kind === 'ask' && l.completed)).toHaveLength(6);
  }, 200_000);

  it('a patient can wake the robot, speak, and hear it answer in the simulator', async () => {
    const r = rig = await startWardRig('voice-dialogue-', {}, { voice: true });
    const nurse = await signIn(r.brain.url, 'nurse.chen');
    const trip = await dispatchTask(r, nurse, 'go_to_place', { place: BED });
    expect((await finished(r, trip.id, nurse)).status).toBe('completed');
    const robot = trip.robot;
    const heard = tap(r, robot);
    const before = r.sim.world.clock.now();

    r.sim.people.patientSays(robot, 'I need a nurse', 'en');

    const call = await until('a nurse call raised', () => r.brain.wardServices.alerts.list({ includeAcknowledged: true, kind: 'nurse_call' }).find((a) => a.robot === robot), WAIT_MS, 25);
    expect(call).toMatchObject({ bed: BED, patient: 'MRN-200005' });
    expect(heard.speech).toEqual([expect.objectContaining({ text: 'i need a nurse', language: 'en', source: 'speech' })]);
    // Said in one breath: the robot takes the request at once and answers with the brain's reply, as speech audio.
    const transcript = () => r.sim.robotRecords(robot).transcript.filter((l) => l.simTimeMs >= before);
    await until('the reply spoken', () => transcript().some((l) => l.kind === 'speak' && l.completed), WAIT_MS, 25);
    const reply = transcript().find((l) => l.kind === 'speak')!;
    expect(reply.language).toBe('en');
    expect(heard.speaker.some((c) => c.simMs >= reply.simTimeMs)).toBe(true);
    expect(heard.speaker.every((c) => c.simMs >= reply.simTimeMs)).toBe(true);
  }, 120_000);
});
