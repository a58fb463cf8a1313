// Public surface of sim/voice: the simulator's voice mode. Patients speak as audio on each robot's
// microphone topic; each robot hears them with the robot's own perception code (VAD, wake word,
// pocketsphinx or a transcription server) and speaks with espeak-ng on its speaker topic. Off by
// default: text stand-ins on patient_speech are faster and need no speech engines.
import type { Logger } from 'pino';
import { createSpeechRecognition, EspeakSynthesizer, speechLanguage, type ConversationEvent, type SpeechLanguage, type SpeechRecognizer, type SpeechSynthesizer } from '../../perception/index.js';
import type { Time } from '../../robot/index.js';
import type { SimPeople } from '../people/index.js';
import { bedAt } from '../ros/skills/where.js';
import type { SkillVoice } from '../ros/skills/skill-context.js';
import type { RosGraph, RosNode } from '../rosbridge/index.js';
import { childSeed, createRng, type SimTimers, type SimWorld } from '../world/index.js';
import { SimPatientVoice } from './patient-voice.js';
import { startRobotVoice, type RobotVoice } from './robot-voice.js';

export { SimPatientVoice, ROOM_NOISE_DBFS, PATIENT_SPEECH_DBFS, MIC_CHUNK_MS, AFTER_WAKE_PAUSE_S } from './patient-voice.js';
export { startRobotVoice } from './robot-voice.js';
export type { RobotVoice, RobotVoiceOptions } from './robot-voice.js';

export interface SimVoiceOptions {
  /** Recognition (default: createSpeechRecognition: pocketsphinx, or the WARD_ASR_URL server). */
  recognizer?: SpeechRecognizer;
  /** The voice of robots and patients (default espeak-ng). */
  synthesizer?: SpeechSynthesizer;
  /** Each robot's conversation events (for tests and logs). */
  onEvent?: (robot: string, e: ConversationEvent) => void;
}

export interface SimVoice {
  /** The robot's voice for its speak and ask_question servers. */
  skillVoice(robot: string): SkillVoice | undefined;
  robot(name: string): RobotVoice | undefined;
  /** Turns the simulated patients' speech into audio (call once the world's robots are attached). */
  attachPeople(people: SimPeople): void;
  close(): Promise<void>;
}

export async function startSimVoice(deps: { graph: RosGraph; world: SimWorld; timers: SimTimers; stamp: () => Time; log: Logger; people: SimPeople }, opts: SimVoiceOptions = {}): Promise<SimVoice> {
  const { graph, world, timers, stamp } = deps;
  const log = deps.log.child({ component: 'voice' });
  const hold = () => world.clock.hold();
  const synthesizer = opts.synthesizer ?? new EspeakSynthesizer();
  let recognizer = opts.recognizer;
  if (!recognizer) {
    const { router, problems } = createSpeechRecognition();
    for (const p of problems) log.warn(p);
    log.info(router.describe());
    recognizer = router;
  }
  const languageAt = (robot: string): SpeechLanguage => {
    const r = world.robots.find((x) => x.name === robot);
    const bed = r && bedAt(world.ward, r.pose());
    const occupant = bed ? deps.people.occupant(bed.name) : undefined;
    return speechLanguage(occupant?.patient.language) ?? 'en';
  };
  const nodes: RosNode[] = [];
  const robots = new Map<string, RobotVoice>();
  try {
    for (const r of world.robots) {
      const node = graph.createNode(`/${r.name}/conversation`);
      nodes.push(node);
      robots.set(r.name, await startRobotVoice({
        node, robot: r.name, timers, hold, stamp, synthesizer, recognizer, log,
        language: () => languageAt(r.name),
        ...(opts.onEvent ? { onEvent: (e: ConversationEvent) => opts.onEvent!(r.name, e) } : {}),
      }));
    }
  } catch (err) {
    for (const v of robots.values()) await v.close();
    for (const n of nodes) n.destroy();
    throw err;
  }
  let patients: SimPatientVoice | undefined;
  let patientNode: RosNode | undefined;
  return {
    skillVoice: (robot) => robots.get(robot)?.skillVoice,
    robot: (name) => robots.get(name),
    attachPeople(people) {
      patientNode = graph.createNode('/sim_patients_voice');
      patients = new SimPatientVoice({
        node: patientNode, robots: [...robots.keys()], timers, hold, stamp, synthesizer, log,
        // Its own stream, drawn once the robots have theirs, so voice mode leaves their draws alone.
        rng: createRng(childSeed(world.rng)),
        heard: async (robot) => { await robots.get(robot)?.listen.settled(); },
      });
      people.useVoice(patients);
    },
    async close() {
      deps.people.useVoice(null);
      patients?.close();
      for (const v of robots.values()) await v.close();
      for (const n of nodes) n.destroy();
      patientNode?.destroy();
    },
  };
}
