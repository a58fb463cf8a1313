// The patient screen, brain side: what a paired tablet may see and do for its one robot. It reads
// the robot's screen board (what the robot says, the question it has open), takes touch answers and
// publishes them where speech recognition would (`/<robot>/patient_speech`, source "touch"), raises a
// nurse call, and pushes every change to the robot's tablets over socket.io (namespace /screen).
// A screen sees only what its robot says aloud: no record number, no bed list, nobody else; and when
// the robot drives off, the screen goes blank, so the next bedside never reads the last one's words.
import type { Logger } from 'pino';
import type { Namespace, Server } from 'socket.io';
import { MESSAGE_TYPES, robotNames, toRosTime, type Language, type Place, type PoseStamped } from '../../robot/index.js';
import type { Alert, AlertListener, RaiseAlertInput } from '../alerts/index.js';
import type { AuditActor, AuditSink } from '../audit/index.js';
import type { BrainClock } from '../clock.js';
import type { RobotLink } from '../link/types.js';
import { screenBoard, type ScreenBoard, type ScreenQuestion, type ScreenQuestionKind, type ScreenState } from './screen-board.js';
import type { ScreenPairing, ScreenPairings } from './screen-pairings.js';

/** Moving this far (m) from where the robot said something, or to another level, blanks the screen. */
export const MOVED_AWAY_M = 1.0;
/** The socket.io namespace the tablets connect to, with `auth: { token }`. */
export const SCREEN_NAMESPACE = '/screen';

/** What a paired screen receives (GET /api/screen, socket.io `screen`): nothing beyond what the robot says aloud. */
export interface WireScreen {
  robot: string;
  saying: { text: string; language: Language } | null;
  question: { id: string; text: string; language: Language; kind: ScreenQuestionKind; choices: string[]; listening: boolean } | null;
  /** A nurse was called from this screen here and nobody has acknowledged it yet. */
  nurse_called: boolean;
}

export interface ScreenEvents {
  screen: (state: WireScreen) => void;
}

export interface ScreenServiceDeps {
  link: RobotLink;
  pairings: ScreenPairings;
  /** The brain's clock, for the stamp of a touch answer (simulated time against the simulator). */
  clock: BrainClock;
  logger: Logger;
  alerts: { raise(input: RaiseAlertInput, opts?: { by?: AuditActor }): Alert; subscribe(fn: AlertListener): () => void };
  audit: AuditSink;
  /** The ward place the robot stands at, if any. */
  placeOf(robot: string): Place | null;
  /** Record number of the patient in the bed the robot stands at, for the nurse-call alert staff read (never for the screen). */
  patientAt(robot: string): string | null;
  /** The task the robot runs now, if any. */
  activeTask(robot: string): string | null;
  robotExists(robot: string): boolean;
}

/** A touch answer that cannot be taken now; the detail says why. */
export class ScreenConflict extends Error {
  override readonly name = 'ScreenConflict';
}

interface Spot { level: string; x: number; y: number }

const robotRoom = (robot: string) => `robot:${robot}`;
const pairingRoom = (id: string) => `pairing:${id}`;

export class ScreenService {
  readonly board: ScreenBoard;
  private ns: Namespace<Record<string, never>, ScreenEvents> | null = null;
  /** Robots whose nurse call from the screen is open: the alert's id. */
  private readonly nurseCalls = new Map<string, string>();
  /** A touch that came while the robot was still saying the question: sent the moment it listens. */
  private readonly held = new Map<string, { ask: number; text: string }>();
  private readonly poses = new Map<string, Spot>();
  /** Where the robot stood when its screen last showed something (null: not known yet). */
  private readonly anchors = new Map<string, Spot | null>();
  private readonly detach: (() => void)[] = [];

  constructor(private readonly deps: ScreenServiceDeps) {
    this.board = screenBoard(deps.link);
    this.detach.push(this.board.subscribe((s) => this.changed(s)));
    this.detach.push(deps.alerts.subscribe((e) => {
      if (e.type !== 'acknowledged') return;
      for (const [robot, id] of this.nurseCalls) {
        if (id !== e.alert.id) continue;
        this.nurseCalls.delete(robot);
        this.push(robot);
      }
    }));
    const onPose = (robot: string, pose: PoseStamped) => this.moved(robot, pose);
    deps.link.on('pose', onPose);
    this.detach.push(() => deps.link.off('pose', onPose));
  }

  get pairings(): ScreenPairings {
    return this.deps.pairings;
  }

  robotExists(robot: string): boolean {
    return this.deps.robotExists(robot);
  }

  /** Pairs a tablet with `robot`; a tablet paired before is disconnected and its token ends. */
  pair(robot: string, by: string): { token: string; pairing: ScreenPairing } {
    const { token, pairing, replaced } = this.deps.pairings.pair(robot, by);
    this.disconnect(replaced);
    return { token, pairing };
  }

  revoke(robot: string, by: string): string[] {
    const ended = this.deps.pairings.revoke(robot, by);
    this.disconnect(ended);
    return ended;
  }

  /** What `robot`'s screen shows now. */
  state(robot: string): WireScreen {
    const s = this.board.state(robot);
    const q = s.question;
    return {
      robot,
      saying: s.saying && { text: s.saying.text, language: s.saying.language },
      question: q && { id: q.id, text: q.text, language: q.language, kind: q.kind, choices: [...q.choices], listening: q.listening },
      nurse_called: this.nurseCalls.has(robot),
    };
  }

  /**
   * A touch answer to the open question, published as the patient's words in the question's
   * language. Before the robot has finished saying the question it is held, and sent when the robot
   * listens (an answer heard while it speaks would be lost). Throws ScreenConflict when no question
   * is open, `questionId` names another one, or the robot cannot be reached.
   */
  answer(robot: string, text: string, questionId?: string): { questionId: string; delivered: 'now' | 'when_listening' } {
    const q = this.board.state(robot).question;
    if (!q) throw new ScreenConflict(`${robot} has no question open; the patient can speak to the robot or call a nurse`);
    if (questionId !== undefined && questionId !== q.id) throw new ScreenConflict(`question_id: ${robot} is asking "${q.id}" now, not "${questionId}"`);
    if (!this.deps.link.publish) throw new ScreenConflict(`the ${this.deps.link.kind} robot link cannot publish the patient's answer; answer by voice`);
    if (!this.deps.link.connected) throw new ScreenConflict(`the robot link to ${this.deps.link.target} is down; answer by voice or call a nurse`);
    const actor = this.actor(robot);
    if (!q.listening) {
      this.held.set(robot, { ask: q.ask, text });
      this.deps.audit.append({ actor, action: 'screen.answered', subject: { type: 'robot', id: robot }, data: { question: q.id, kind: q.kind, delivered: 'when_listening' } });
      return { questionId: q.id, delivered: 'when_listening' };
    }
    this.held.delete(robot);
    this.publish(robot, q, text);
    this.deps.audit.append({ actor, action: 'screen.answered', subject: { type: 'robot', id: robot }, data: { question: q.id, kind: q.kind, delivered: 'now' } });
    return { questionId: q.id, delivered: 'now' };
  }

  /** The patient pressed "Call a nurse": a nurse_call alert for the bed the robot stands at (one while it is open). */
  callNurse(robot: string): Alert {
    const place = this.deps.placeOf(robot);
    const patient = this.deps.patientAt(robot);
    const at = place?.label ?? { en: `Near ${robot}`, 'zh-CN': `${robot}附近` };
    const alert = this.deps.alerts.raise({
      kind: 'nurse_call', severity: 'normal',
      text: {
        en: `${at.en}: patient asks for a nurse (pressed Call a nurse on ${robot}'s screen)`,
        'zh-CN': `${at['zh-CN']}：患者要找护士（在${robot}的屏幕上按了“呼叫护士”）`,
      },
      bed: place?.kind === 'bed' ? place.name : null, patient, taskId: this.deps.activeTask(robot), robot,
      data: { category: 'call_nurse', source: 'patient_screen' },
    }, { by: this.actor(robot) });
    if (!alert.acknowledged) this.nurseCalls.set(robot, alert.id);
    this.anchor(robot);
    this.push(robot);
    return alert;
  }

  /** Serves the tablets' live updates on the brain's socket.io server (namespace /screen). */
  attachLive(io: Server): void {
    const ns = io.of(SCREEN_NAMESPACE) as unknown as Namespace<Record<string, never>, ScreenEvents>;
    ns.use((socket, next) => {
      const raw = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const token = typeof raw === 'string' ? raw.replace(/^Screen\s+/i, '') : raw;
      const pairing = this.deps.pairings.resolve(token);
      if (!pairing) {
        next(new Error('this screen is not paired: ask a nurse to pair it with the robot'));
        return;
      }
      (socket.data as { pairing?: ScreenPairing }).pairing = pairing;
      next();
    });
    ns.on('connection', (socket) => {
      const { pairing } = socket.data as { pairing: ScreenPairing };
      void socket.join([robotRoom(pairing.robot), pairingRoom(pairing.id)]);
      socket.emit('screen', this.state(pairing.robot));
    });
    this.ns = ns;
  }

  close(): void {
    for (const off of this.detach.splice(0)) off();
    this.ns?.disconnectSockets(true);
    this.ns = null;
  }

  private publish(robot: string, q: ScreenQuestion, text: string): void {
    try {
      this.deps.link.publish!(robotNames(robot).patientSpeech, MESSAGE_TYPES.patientSpeech, {
        header: { stamp: toRosTime(this.deps.clock.now() / 1000), frame_id: `${robot}/screen` },
        text, language: q.language, confidence: 1, source: 'touch',
      });
    } catch (err) {
      throw new ScreenConflict(`the answer could not reach ${robot}: ${(err as Error).message}`);
    }
  }

  private changed(s: ScreenState): void {
    const robot = s.robot;
    const held = this.held.get(robot);
    if (held && s.question?.ask !== held.ask) {
      this.held.delete(robot);
      this.deps.logger.info({ robot }, 'screen: a touch answer held for a question that ended before the robot listened was dropped');
    } else if (held && s.question?.listening) {
      this.held.delete(robot);
      try {
        this.publish(robot, s.question, held.text);
      } catch (err) {
        this.deps.logger.warn({ robot, err: (err as Error).message }, 'screen: a held touch answer could not be sent');
      }
    }
    if (s.saying || s.question) this.anchor(robot);
    this.push(robot);
  }

  private anchor(robot: string): void {
    this.anchors.set(robot, this.poses.get(robot) ?? null);
  }

  private moved(robot: string, pose: PoseStamped): void {
    const here: Spot = { level: pose.header.frame_id, x: pose.pose.position.x, y: pose.pose.position.y };
    this.poses.set(robot, here);
    if (!this.anchors.has(robot)) return;
    const there = this.anchors.get(robot);
    if (!there) {
      this.anchors.set(robot, here);
      return;
    }
    if (there.level === here.level && Math.hypot(there.x - here.x, there.y - here.y) <= MOVED_AWAY_M) return;
    this.anchors.delete(robot);
    this.held.delete(robot);
    const hadCall = this.nurseCalls.delete(robot);
    const s = this.board.state(robot);
    if (s.saying || s.question) this.board.clear(robot);
    else if (hadCall) this.push(robot);
  }

  private push(robot: string): void {
    try {
      this.ns?.to(robotRoom(robot)).emit('screen', this.state(robot));
    } catch (err) {
      this.deps.logger.warn({ robot, err: (err as Error).message }, 'screen: could not send the update');
    }
  }

  private disconnect(pairingIds: readonly string[]): void {
    if (pairingIds.length && this.ns) this.ns.in(pairingIds.map(pairingRoom)).disconnectSockets(true);
  }

  private actor(robot: string): AuditActor {
    const patient = this.deps.patientAt(robot);
    return patient ? { kind: 'patient', id: patient } : { kind: 'robot', id: robot };
  }
}
