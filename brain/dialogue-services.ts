// Builds the patient dialogue from the brain's parts, once, for startBrain and the API tests: what
// it may read, the one thing it may make the robot do (speak), and the speech it listens to on each
// robot's /<robot>/patient_speech.
import type { Logger } from 'pino';
import { ACTION_TYPES, fromRosTime, MESSAGE_TYPES, robotNames, type Language, type Utterance } from '../robot/index.js';
import type { BrainClock } from './clock.js';
import { DialogueManager, DialogueRecords } from './dialogue/index.js';
import type { EducationLibrary } from './education/index.js';
import type { Fleet } from './fleet/fleet.js';
import type { RobotLink } from './link/types.js';
import { createRedactor, identitiesOf } from './llm/privacy.js';
import type { ModelProvider } from './llm/types.js';
import type { WardServices } from './ward-services.js';
import { isListening } from './workflows/engine/listening.js';
import { screenBoard } from './screen/screen-board.js';
import type Database from 'better-sqlite3';

export interface DialogueParts {
  db: Database.Database;
  wardServices: WardServices;
  fleet: Fleet;
  link: RobotLink;
  clock: BrainClock;
  library: EducationLibrary;
  model: ModelProvider | null;
  logger: Logger;
}

export interface Dialogue {
  manager: DialogueManager;
  turns: DialogueRecords;
  /** Stops listening to the robots. */
  close(): void;
}

/** A spoken reply is short; a robot that has not said it by then is not going to. */
const SPEAK_LIMIT_MS = 60_000;

export function buildDialogue(p: DialogueParts): Dialogue {
  const { wardServices, link } = p;
  const turns = new DialogueRecords(p.db);
  const placeOf = (robot: string) => wardServices.workflow.placeOfRobot(robot);
  const manager = new DialogueManager({
    now: () => p.clock.now(),
    placeOf,
    patientAt: (robot) => {
      const place = placeOf(robot);
      return place?.kind === 'bed' ? wardServices.records.patientInBed(place.name) : null;
    },
    activeTask: (robot) => p.fleet.get(robot)?.task_id ?? null,
    isListening: (robot) => isListening(link, robot),
    speak: (robot, text, language) => speak(link, robot, text, language),
    alerts: wardServices.alerts,
    audit: wardServices.audit,
    directory: wardServices.records,
    library: p.library,
    model: p.model,
    redactorFor: () => createRedactor(identitiesOf(wardServices.records.patients()), { today: new Date(p.clock.now()).toISOString().slice(0, 10) }),
    turns,
    logger: p.logger.child({ part: 'dialogue' }),
  });

  // One subscription per robot, made again whenever the link comes back (a dropped link ends them).
  const subscriptions = new Map<string, () => void>();
  const listen = (robot: string) => {
    if (subscriptions.has(robot) || !link.connected || !link.subscribe) return;
    try {
      subscriptions.set(robot, link.subscribe(robotNames(robot).patientSpeech, MESSAGE_TYPES.patientSpeech, (u: Utterance) => {
        manager.handle({ robot, text: u.text, language: u.language, source: u.source || 'speech', heardAtMs: Math.round(fromRosTime(u.header.stamp) * 1000) })
          .catch((err: unknown) => p.logger.warn({ robot, err: (err as Error).message }, 'dialogue: an utterance could not be handled'));
      }));
    } catch (err) {
      p.logger.warn({ robot, err: (err as Error).message }, 'dialogue: cannot listen to the robot yet');
    }
  };
  const onRobot = (robot: string) => listen(robot);
  const onLink = (up: boolean) => {
    if (!up) {
      subscriptions.clear();
      return;
    }
    for (const r of link.robots()) listen(r);
  };
  const onRemoved = (robot: string) => {
    subscriptions.get(robot)?.();
    subscriptions.delete(robot);
  };
  link.on('robot_added', onRobot);
  link.on('robot_removed', onRemoved);
  link.on('link', onLink);
  for (const r of link.robots()) listen(r);
  if (!link.subscribe) p.logger.warn({ link: link.kind }, 'dialogue: this robot link cannot subscribe to topics; patient speech is heard only through POST /api/dialogue/utterances');

  return {
    manager, turns,
    close: () => {
      link.off('robot_added', onRobot);
      link.off('robot_removed', onRemoved);
      link.off('link', onLink);
      for (const unsubscribe of subscriptions.values()) unsubscribe();
      subscriptions.clear();
    },
  };
}

/** One Speak goal, outside any task: resolves when the robot has said it. */
async function speak(link: RobotLink, robot: string, text: string, language: Language): Promise<void> {
  screenBoard(link).spoke(robot, text, language);
  const handle = link.sendGoal(robot, robotNames(robot).speak, ACTION_TYPES.speak, { text, language });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    handle.result,
    new Promise<never>((_, reject) => { timer = setTimeout(() => { handle.cancel(); reject(new Error(`${robot} did not finish speaking within ${SPEAK_LIMIT_MS / 1000} s`)); }, SPEAK_LIMIT_MS); }),
  ]).finally(() => clearTimeout(timer));
  if (outcome.status !== 'succeeded' || !outcome.result.success) throw new Error(`${robot} could not speak: ${'message' in outcome ? outcome.message : outcome.status}`);
}
