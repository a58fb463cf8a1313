// /<robot>/ask_question (ward_interfaces/action/AskQuestion): say the question, then take the first
// Utterance heard on /<robot>/patient_speech after it was said, verbatim; NO_ANSWER when nothing
// comes before the timeout. The robot never interprets the answer: the brain does.
import {
  ACTION_TYPES, AskKind, AskOutcome, MESSAGE_TYPES, RosConstants, robotNames,
  type ActionFeedback, type ActionGoal, type ActionResult, type Utterance,
} from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { checkLanguage, checkText, checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { Exclusive, SkillGoal, rejectGoal } from './skill-goal.js';
import { say } from './speak.js';
import { bedAt } from './where.js';

type A = typeof ACTION_TYPES.askQuestion;
type Feedback = ActionFeedback<A>;
type Result = ActionResult<A>;

/** Listening time when the goal leaves `timeout` at zero, sim seconds. */
export const DEFAULT_ANSWER_TIMEOUT_S = 30;
const ASK_STATE = RosConstants['ward_interfaces/action/AskQuestion_Feedback'];
const KINDS: readonly number[] = [AskKind.KIND_FREE_TEXT, AskKind.KIND_SCALE, AskKind.KIND_YES_NO, AskKind.KIND_CHOICE];

export function serveAskQuestion(node: RosNode, ctx: SkillContext, voice: Exclusive): void {
  const names = robotNames(ctx.robot.name);
  const action = names.askQuestion;
  /** The goal waiting for an answer. */
  let listening: { run: SkillGoal<ActionGoal<A>, Feedback, Result> } | undefined;

  // One real subscription for the robot's life, as a robot's dialogue node keeps its microphone topic.
  node.createSubscription<Utterance>(names.patientSpeech, MESSAGE_TYPES.patientSpeech, (u) => {
    const l = listening;
    if (!l?.run.active) return;
    listening = undefined;
    l.run.succeed({
      outcome: AskOutcome.OUTCOME_ANSWERED,
      answer_text: u.text,
      language: u.language,
      confidence: u.confidence,
      message: `heard via ${u.source || 'unknown source'}`,
    });
  });

  node.createActionServer<ActionGoal<A>, Feedback, Result>(action, ACTION_TYPES.askQuestion, (goal, handle) => {
    const questionId = checkText(goal.question_id, 'question_id');
    if (!questionId.ok) return rejectGoal(ctx, handle, action, questionId.reason);
    const text = checkText(goal.text);
    if (!text.ok) return rejectGoal(ctx, handle, action, text.reason);
    const language = checkLanguage(goal.language);
    if (!language.ok) return rejectGoal(ctx, handle, action, language.reason);
    if (!KINDS.includes(goal.kind)) return rejectGoal(ctx, handle, action, `kind: must be one of ${KINDS.join(', ')} (KIND_*), got ${goal.kind}`);
    if (goal.kind === AskKind.KIND_CHOICE && goal.choices.length === 0) return rejectGoal(ctx, handle, action, 'choices: a KIND_CHOICE question needs at least one choice');
    const bad = goal.choices.findIndex((c) => typeof c !== 'string' || c.trim() === '');
    if (bad >= 0) return rejectGoal(ctx, handle, action, `choices[${bad}]: must be non-empty text`);
    const timeout = checkTimeout(goal.timeout, DEFAULT_ANSWER_TIMEOUT_S);
    if (!timeout.ok) return rejectGoal(ctx, handle, action, timeout.reason);

    const run = new SkillGoal<ActionGoal<A>, Feedback, Result>(ctx, handle, action);
    const noAnswer = (message: string): Partial<Result> => ({ outcome: AskOutcome.OUTCOME_NO_ANSWER, answer_text: '', language: '', confidence: 0, message });
    voice.take(run, (by) => run.canceled(noAnswer(`preempted by goal ${by}`), 'preempted'));
    handle.onCancel(() => run.canceled(noAnswer('canceled')));
    run.own(() => {
      if (listening?.run === run) listening = undefined;
    });

    run.feedback({ state: ASK_STATE.STATE_SPEAKING }, true);
    say(ctx, run, text.value, language.value, { kind: 'ask', questionId: questionId.value }, () => {
      listening = { run };
      run.feedback({ state: ASK_STATE.STATE_LISTENING }, true);
      // Voice mode: the robot's ears take the next utterance as the answer, recognised with the question's hint.
      if (ctx.voice) run.own(ctx.voice.expectAnswer(goal));
      run.after(timeout.value, () => run.succeed(noAnswer(`no answer within ${timeout.value} s`)));
      // The simulated patient in the bed hears the question, as a real one would hear the robot.
      const bed = bedAt(ctx.ward, ctx.robot.pose());
      if (bed) {
        ctx.people.questionAsked(ctx.robot.name, bed.name, {
          questionId: questionId.value, text: text.value, language: language.value, kind: goal.kind, choices: goal.choices,
        });
      }
    });
  });
}
