// send_action_goal / cancel_action_goal / advertise_action / unadvertise_action / action_feedback /
// action_result for one client, with the replies of the ROS 2 rosbridge server:
//   succeeded → result true, status 4; canceled → true, 5; aborted → true, 6;
//   rejected  → result false, status 0, values "Action goal was rejected";
//   any other failure (bad goal, unknown action) → result false, status 0, values naming the problem.
import { GoalStatus } from '../../robot/index.js';
import type { ActionServer, GoalHandle, GoalOutcome } from './action.js';
import { FrameError, frameId, optionalString, requireString, type Frame, type FrameId } from './frame.js';
import { errorText, type ClientGoal } from './graph.js';
import { conformMessage } from './messages.js';
import { resolveName, resolvedOrSelf } from './names.js';
import { withId, type OpHandler, type Outbox } from './outbox.js';

interface SentGoal { goal: ClientGoal | undefined; action: string }
interface ServedAction { server: ActionServer; spelling: string }
interface ServedGoal { handle: GoalHandle; action: string }

export class ActionBridge {
  /** Goals this client sent and that have not ended, by the client's id. */
  private readonly sent = new Map<string, SentGoal>();
  /** Actions this client serves, by resolved name. */
  private readonly served = new Map<string, ServedAction>();
  /** Goals forwarded to this client, by goal id. */
  private readonly servedGoals = new Map<string, ServedGoal>();

  constructor(private readonly out: Outbox) {}

  readonly ops: Record<string, OpHandler> = {
    send_action_goal: (f) => this.sendGoal(f),
    cancel_action_goal: (f) => this.cancelGoal(f),
    advertise_action: (f) => this.advertise(f),
    unadvertise_action: (f) => this.unadvertise(f),
    action_feedback: (f) => this.feedback(f),
    action_result: (f) => this.result(f),
  };

  private sendGoal(f: Frame): void {
    let id: FrameId | undefined;
    let action: string;
    let type: string | undefined;
    try {
      id = frameId(f);
      action = requireString(f, 'action');
      type = optionalString(f, 'action_type');
    } catch (err) {
      // Answered anyway when the frame has a usable id, so that the client's goal does not hang.
      const field = err instanceof FrameError ? err.field : undefined;
      this.out.log.warn({ op: 'send_action_goal', field, action: f.action }, errorText(err));
      if (id !== undefined) this.replyResult(f, typeof f.action === 'string' ? f.action : undefined, id, { status: 0, error: errorText(err) });
      return;
    }
    const cut = () => this.out.cuts.isCut(resolvedOrSelf(action));
    if (cut()) {
      // Lost on a dead link: no reply, as from a robot that dropped off.
      this.out.log.debug({ op: 'send_action_goal', action, id }, 'goal lost: the link to that robot is cut');
      return;
    }
    const key = id === undefined ? undefined : String(id);
    if (key !== undefined && this.sent.has(key)) {
      this.out.log.warn({ op: 'send_action_goal', field: 'id', action, id }, 'goal id already in use by a running goal');
      this.replyResult(f, action, id, { status: 0, error: `Goal id ${key} is already in use by a running goal` });
      return;
    }
    const entry: SentGoal = { goal: undefined, action: resolvedOrSelf(action) };
    if (key !== undefined) this.sent.set(key, entry);
    const fragmentSize = fragmentSizeOf(f);
    const goal = this.out.graph.sendGoal(action, f.args ?? {}, {
      onFeedback: f.feedback === true
        ? (values) => { if (!this.out.closed && !cut()) this.out.send(withId({ op: 'action_feedback', action, values }, id), fragmentSize); }
        : undefined,
      onResult: (outcome) => {
        if (key !== undefined && this.sent.get(key) === entry) this.sent.delete(key);
        if (cut()) {
          this.out.log.debug({ op: 'action_result', action, id }, 'result lost: the link to that robot is cut');
          return;
        }
        if (outcome.status === 0) this.out.log.info({ op: 'send_action_goal', action, id, error: outcome.error }, 'action goal failed');
        this.replyResult(f, action, id, outcome);
      },
    }, type === undefined ? {} : { type });
    entry.goal = goal;
  }

  private replyResult(f: Frame, action: string | undefined, id: FrameId | undefined, outcome: GoalOutcome): void {
    if (this.out.closed) return;
    const head = action === undefined ? { op: 'action_result' } : { op: 'action_result', action };
    const body = outcome.status === 0
      ? { values: outcome.error, status: GoalStatus.UNKNOWN, result: false }
      : { values: outcome.result, status: outcome.status, result: true };
    this.out.send(withId({ ...head, ...body }, id), fragmentSizeOf(f));
  }

  private cancelGoal(f: Frame): void {
    const id = frameId(f);
    if (id === undefined) throw new FrameError('id', 'cancel_action_goal: field "id" is missing');
    const entry = this.sent.get(String(id));
    if (!entry) throw new FrameError('id', `cancel_action_goal: no running goal ${String(id)} of this client`);
    if (this.out.cuts.isCut(entry.action)) {
      this.out.log.debug({ op: 'cancel_action_goal', action: entry.action, id }, 'cancel lost: the link to that robot is cut');
      return;
    }
    entry.goal?.cancel();
  }

  private advertise(f: Frame): void {
    const spelling = requireString(f, 'action');
    const type = requireString(f, 'type');
    const name = resolveName(spelling);
    const mine = this.served.get(name);
    if (mine) {
      this.out.log.warn({ op: 'advertise_action', action: name }, 'action advertised again by the same client; replacing it');
      this.withdraw(name, mine);
    }
    const server = this.out.node.createActionServer(spelling, type, (goal, handle) => {
      this.servedGoals.set(handle.id, { handle, action: name });
      handle.onCancel(() => {
        if (!this.out.closed) this.out.send({ op: 'cancel_action_goal', action: spelling, id: handle.id });
      });
      this.out.send({ op: 'send_action_goal', action: spelling, id: handle.id, args: goal });
    });
    this.served.set(name, { server, spelling });
  }

  private runningServedGoal(f: Frame, op: string): ServedGoal {
    const id = frameId(f);
    if (id === undefined) throw new FrameError('id', `${op}: field "id" is missing`);
    const goal = this.servedGoals.get(String(id));
    if (!goal || !goal.handle.isActive) throw new FrameError('id', `${op}: no goal ${String(id)} is running on an action this client serves`);
    return goal;
  }

  private feedback(f: Frame): void {
    const { handle } = this.runningServedGoal(f, 'action_feedback');
    const reg = this.out.graph.interfaces;
    const values = conformMessage(reg, `${handle.server.type}_Feedback`, f.values);
    if (!values.ok) throw new FrameError('values', `action_feedback dropped: ${values.error}`);
    handle.publishFeedback(values.msg);
  }

  private result(f: Frame): void {
    const goal = this.runningServedGoal(f, 'action_result');
    const { handle } = goal;
    this.servedGoals.delete(handle.id);
    const values = conformMessage(this.out.graph.interfaces, `${handle.server.type}_Result`, f.values);
    if (!values.ok) {
      // The goal still ends, so that its client is not left waiting; the bad result is logged.
      this.out.log.warn({ op: 'action_result', field: 'values', action: goal.action, id: handle.id, error: values.error }, 'invalid action result; goal aborted');
      handle.abort();
      return;
    }
    if (f.status === GoalStatus.SUCCEEDED) handle.succeed(values.msg);
    else if (f.status === GoalStatus.CANCELED) handle.canceled(values.msg);
    else handle.abort(values.msg);
  }

  private unadvertise(f: Frame): void {
    const name = resolveName(requireString(f, 'action'));
    const mine = this.served.get(name);
    if (!mine) throw new FrameError('action', `unadvertise_action: this client does not serve ${name}`);
    this.withdraw(name, mine);
  }

  /** Goals still running on a withdrawn action end aborted. */
  private withdraw(name: string, served: ServedAction): void {
    this.served.delete(name);
    for (const [id, g] of this.servedGoals) if (g.action === name) this.servedGoals.delete(id);
    served.server.destroy();
  }

  close(): void {
    for (const entry of this.sent.values()) entry.goal?.cancel();
    this.sent.clear();
    for (const [name, served] of this.served) this.withdraw(name, served);
  }
}

function fragmentSizeOf(f: Frame): number | undefined {
  return typeof f.fragment_size === 'number' && f.fragment_size > 0 ? f.fragment_size : undefined;
}
