// /<robot>/speak (ward_interfaces/action/Speak): say a sentence; takes sim time in proportion to
// its length. Shares the robot's one voice with ask_question: a newer goal cuts the older off.
import { ACTION_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult, type Language } from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { checkLanguage, checkText } from './goal-checks.js';
import type { SpokenLine } from './records.js';
import type { SkillContext } from './skill-context.js';
import { Exclusive, SkillGoal, rejectGoal } from './skill-goal.js';
import { speechSeconds } from './speech-timing.js';

type A = typeof ACTION_TYPES.speak;

/** Progress feedback period while speaking, sim seconds. */
const PROGRESS_PERIOD_S = 0.25;

export function serveSpeak(node: RosNode, ctx: SkillContext, voice: Exclusive): void {
  const action = robotNames(ctx.robot.name).speak;
  node.createActionServer<ActionGoal<A>, ActionFeedback<A>, ActionResult<A>>(action, ACTION_TYPES.speak, (goal, handle) => {
    const text = checkText(goal.text);
    if (!text.ok) return rejectGoal(ctx, handle, action, text.reason);
    const language = checkLanguage(goal.language);
    if (!language.ok) return rejectGoal(ctx, handle, action, language.reason);

    const run = new SkillGoal<ActionGoal<A>, ActionFeedback<A>, ActionResult<A>>(ctx, handle, action);
    voice.take(run, (by) => run.canceled({ success: false, message: `preempted by goal ${by}` }, 'preempted'));
    handle.onCancel(() => run.canceled({ success: false, message: 'canceled' }));
    say(ctx, run, text.value, language.value, { kind: 'speak' }, () => {
      run.feedback({ progress: 1 }, true);
      run.succeed({ success: true, message: '' });
    }, (progress) => run.feedback({ progress }));
  });
}

/**
 * Speaks `text` for its duration on the sim clock, writes it to the transcript and calls `done` at
 * the end; the transcript line says whether the sentence was finished.
 */
export function say<G, F, R>(
  ctx: SkillContext, run: SkillGoal<G, F, R>, text: string, language: Language,
  what: Pick<SpokenLine, 'kind' | 'questionId'>, done: () => void, progress?: (share: number) => void,
): void {
  const seconds = speechSeconds(text, language);
  const now = ctx.timers.now();
  const line: SpokenLine = { simTimeMs: now, at: ctx.dateOf(now), text, language, ...what, completed: false };
  ctx.records.transcript.push(line);
  if (ctx.voice) {
    // Voice mode: real synthesized speech on the speaker topic, paced on the sim clock. The patient
    // speaking over it stops it (barge-in); the goal still goes on, to listening or to its end.
    progress?.(0);
    const speaking = ctx.voice.say(text, language, progress);
    run.own(() => speaking.stop('the goal ended'));
    void speaking.done.then((end) => {
      if (!run.active) return;
      if (end.status === 'failed') {
        ctx.log.error({ text, reason: end.reason }, 'the robot could not speak');
        run.abort({ message: `speech failed: ${end.reason ?? 'unknown'}` } as unknown as Partial<R>, 'speech failed');
        return;
      }
      line.completed = end.status === 'finished';
      done();
    });
    return;
  }
  if (progress) {
    progress(0);
    run.every(PROGRESS_PERIOD_S, () => progress(Math.min(1, run.elapsedS / seconds)));
  }
  run.after(seconds, () => {
    line.completed = true;
    done();
  });
}
