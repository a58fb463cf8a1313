import { describe, it, expect } from '@jest/globals';
import type { Condition, Language } from '../../robot/index.js';
import { gradeTeachBack, loadLibrary } from './index.js';

// Answers as patients give them at the bedside, for every teach-back question in the shipped library:
// each good answer must be understood and each weak one must not, in both languages. This checks
// the keyword lists as much as the grader.
const library = loadLibrary();

type Case = [Condition, string, Language, string];

const good: Case[] = [
  ['diabetes', 'low_sugar_signs', 'en', "I'd feel shaky and sweaty, maybe a bit confused."],
  ['diabetes', 'low_sugar_signs', 'zh-CN', '会手抖，出冷汗，心慌。'],
  ['diabetes', 'low_sugar_action', 'en', 'Press the button for the nurse and have some juice.'],
  ['diabetes', 'low_sugar_action', 'zh-CN', '马上按铃叫护士，先喝点糖水。'],
  ['diabetes', 'foot_check', 'en', 'Every day, for cuts or blisters.'],
  ['diabetes', 'foot_check', 'zh-CN', '每天都看，看看有没有破皮、发红。'],
  ['hypertension', 'when_to_call_nurse', 'en', 'If I get chest pain, or the machine says 180 or more.'],
  ['hypertension', 'when_to_call_nurse', 'zh-CN', '胸口疼，或者高压一百八以上。'],
  ['hypertension', 'taking_medicines', 'en', "Every day like the doctor said, and don't stop when I feel fine."],
  ['hypertension', 'taking_medicines', 'zh-CN', '每天按时吃，感觉好了也不能停。'],
  ['hypertension', 'lower_it_every_day', 'en', 'Cut down on salt and go for a walk.'],
  ['hypertension', 'lower_it_every_day', 'zh-CN', '吃得清淡一点，还有戒烟。'],
  ['heart_failure', 'daily_weight_check', 'en', 'Every morning, and tell them if I put on 2 kilos in a few days.'],
  ['heart_failure', 'daily_weight_check', 'zh-CN', '每天早上称，几天里涨了两公斤就告诉护士。'],
  ['heart_failure', 'why_less_salt', 'en', 'Salt makes me hold water, and I drink only what the nurse says.'],
  ['heart_failure', 'why_less_salt', 'zh-CN', '盐会让身体存水，喝水听医生的。'],
  ['heart_failure', 'heart_failure_red_flags', 'en', "If I'm more breathless, can't lie flat, or my legs swell up."],
  ['heart_failure', 'heart_failure_red_flags', 'zh-CN', '喘得厉害、躺不平，或者腿肿得更厉害了。'],
  ['post_operative', 'wound_warning_signs', 'en', "If it's bleeding or it goes red and smells."],
  ['post_operative', 'wound_warning_signs', 'zh-CN', '伤口流血，或者红肿、有异味。'],
  ['post_operative', 'breathing_and_moving_in_bed', 'en', 'Deep breaths and a cough, and move my ankles.'],
  ['post_operative', 'breathing_and_moving_in_bed', 'zh-CN', '做深呼吸，在床上多动动脚。'],
  ['post_operative', 'telling_about_pain', 'en', "Tell the nurse straight away and give it a number out of 10."],
  ['post_operative', 'telling_about_pain', 'zh-CN', '告诉护士，说说疼到几分，不要硬忍。'],
  ['fall_prevention', 'before_getting_up', 'en', 'Press the call button and sit on the edge for a bit first.'],
  ['fall_prevention', 'before_getting_up', 'zh-CN', '先在床边坐一会儿，穿上防滑鞋。'],
  ['fall_prevention', 'after_a_fall', 'en', 'Stay where I am and shout for help.'],
  ['fall_prevention', 'after_a_fall', 'zh-CN', '不要自己爬起来，按铃叫护士。'],
  ['inhaler_use', 'inhaler_steps', 'en', 'Shake it, breathe out, press it while I breathe in slowly, then hold my breath.'],
  ['inhaler_use', 'inhaler_steps', 'zh-CN', '先摇一摇，呼气，一边按一边深吸气，然后憋气十秒。'],
  ['inhaler_use', 'after_steroid_inhaler', 'en', 'Rinse my mouth and spit, so I do not get thrush.'],
  ['inhaler_use', 'after_steroid_inhaler', 'zh-CN', '用清水漱口再吐掉，防止鹅口疮。'],
  ['inhaler_use', 'breathing_red_flags', 'en', "If the blue inhaler doesn't help and I'm still short of breath."],
  ['inhaler_use', 'breathing_red_flags', 'zh-CN', '吸了药还是不管用，喘不上气的时候。'],
  ['insulin_use', 'injection_steps_check', 'en', 'Wash my hands, put on a new needle, inject in my belly and count to 10.'],
  ['insulin_use', 'injection_steps_check', 'zh-CN', '洗手，换新针头，先排气，打在肚子上，数到十再拔。'],
  ['insulin_use', 'choosing_the_spot', 'en', 'A different spot each time, a finger apart, or I get lumps.'],
  ['insulin_use', 'choosing_the_spot', 'zh-CN', '每次换个地方，隔开一指，不然会长硬块。'],
  ['insulin_use', 'low_sugar_after_insulin', 'en', "If I'm shaky and sweaty I call the nurse."],
  ['insulin_use', 'low_sugar_after_insulin', 'zh-CN', '手抖出汗的话，马上叫护士。'],
];

const weak: Case[] = [
  ['diabetes', 'low_sugar_action', 'en', 'Have a rest and wait.'],
  ['diabetes', 'low_sugar_action', 'zh-CN', '我的血糖低了就躺一会儿。'],
  ['hypertension', 'taking_medicines', 'en', 'When I feel bad.'],
  ['hypertension', 'lower_it_every_day', 'zh-CN', '多吃咸菜。'],
  ['heart_failure', 'daily_weight_check', 'en', 'Once a month.'],
  ['heart_failure', 'heart_failure_red_flags', 'zh-CN', '没有胸痛，不喘。'],
  ['post_operative', 'wound_warning_signs', 'en', 'No bleeding, nothing.'],
  ['fall_prevention', 'after_a_fall', 'en', 'Get up quickly and carry on.'],
  ['fall_prevention', 'after_a_fall', 'zh-CN', '自己爬起来。'],
  ['inhaler_use', 'inhaler_steps', 'en', 'I just puff it.'],
  ['inhaler_use', 'inhaler_steps', 'zh-CN', '吸入器直接用就行。'],
  ['insulin_use', 'choosing_the_spot', 'en', 'The same place every time.'],
  ['insulin_use', 'low_sugar_after_insulin', 'zh-CN', '我也说不上来。'],
];

function grade([topic, id, language, answer]: Case) {
  const question = library.topic(topic).teachBack.find((q) => q.id === id);
  if (!question) throw new Error(`no question ${topic}/${id}`);
  return gradeTeachBack(question, answer, language);
}

describe('realistic teach-back answers', () => {
  it('covers every question of the shipped library in both languages', () => {
    const covered = new Set(good.map(([topic, id, language]) => `${topic}/${id}/${language}`));
    for (const topic of library.topics()) {
      for (const q of topic.teachBack) for (const language of ['en', 'zh-CN']) expect(covered).toContain(`${topic.topic}/${q.id}/${language}`);
    }
  });

  it.each(good)('%s %s (%s) understood: %s', (...c) => {
    expect(grade(c)).toMatchObject({ understood: true });
  });

  it.each(weak)('%s %s (%s) not understood: %s', (...c) => {
    expect(grade(c)).toMatchObject({ understood: false });
  });
});
