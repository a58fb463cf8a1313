import { describe, expect, it } from '@jest/globals';
import { deterministicAnswer, shortenForSpeech, type AnswerContext } from './compose.js';
import { LIBRARY, ORDERS, WANG } from './dialogue-fakes.js';
import { PassageIndex, terms } from './retrieve.js';
import { libraryPassages, medicineNames, recordPassages } from './sources.js';

const passages = libraryPassages(LIBRARY);
const index = new PassageIndex(passages);
const best = (q: string) => index.search(q, { limit: 1 })[0]?.passage.id ?? null;

describe('terms', () => {
  it('English words without grammar words, plurals and -ing folded; Chinese pairs and single characters', () => {
    expect(terms('What are my tablets for?').map((t) => t.term)).toEqual(['tablet']);
    expect(terms('falling').map((t) => t.term)).toEqual(['fall']);
    expect(terms('低血糖').map((t) => [t.term, t.weight])).toEqual([['低', 0.3], ['低血', 1], ['血', 0.3], ['血糖', 1], ['糖', 0.3]]);
    expect(terms('我的药')).toEqual([{ term: '药', weight: 0.3, unit: true }]);
    expect(terms('血糖').map((t) => [t.term, t.unit])).toEqual([['血', true], ['血糖', false], ['糖', true]]);
  });
});

describe('retrieval over the library', () => {
  it.each([
    ['What is diabetes?', 'education:diabetes@1.0.0#what_it_is'],
    ['什么是糖尿病？', 'education:diabetes@1.0.0#what_it_is'],
    ['What should I do if my blood sugar is low?', 'education:diabetes@1.0.0#low_sugar'],
    ['低血糖怎么办', 'education:diabetes@1.0.0#low_sugar'],
    ['What is heart failure?', 'education:heart_failure@1.0.0#what_it_is'],
    ['Why should I weigh myself every day?', 'education:heart_failure@1.0.0#daily_weight'],
    ['How do I look after my wound?', 'education:post_operative@1.0.0#wound_care'],
    ['伤口怎么护理', 'education:post_operative@1.0.0#wound_care'],
    ['怎么预防跌倒', 'education:fall_prevention@1.0.0#why_falls_happen'],
    ['Tell me about high blood pressure', 'education:hypertension@1.0.0#what_it_is'],
    ['How can I avoid falling?', 'education:fall_prevention@1.0.0#why_falls_happen'],
  ])('%s → %s', (q, id) => {
    expect(best(q)).toBe(id);
  });

  it('finds nothing for questions the library does not cover', () => {
    for (const q of ['What is the weather like?', '今天天气怎么样', 'What is the capital of France?', 'How do I use my phone?', '我的药',
      'Tell me about the illness psoriasis', 'How does gout affect my diet?']) {
      expect(index.search(q)).toEqual([]);
    }
  });

  it('prefers the patient\'s own topics', () => {
    const q = 'When should I call a nurse?';
    const own = index.search(q, { ownTopics: ['inhaler_use'], limit: 1 })[0]?.passage.id;
    expect(own).toBe('education:inhaler_use@1.0.0#when_to_call');
  });
});

describe('record passages', () => {
  it('are the conditions and the active orders only, with record source ids', () => {
    const record = recordPassages(WANG, ORDERS);
    expect(record.map((p) => p.id)).toEqual(['record:conditions', 'record:order:MR-2001', 'record:order:MR-2002']);
    expect(record[0]?.text).toEqual({ en: 'Your record lists diabetes, using insulin.', 'zh-CN': '您的病历记录有：糖尿病、使用胰岛素。' });
    expect(medicineNames(ORDERS.slice(0, 2))).toEqual(['metformin', 'insulin', 'glargine']);
  });
});

describe('deterministic answers', () => {
  const ctx = (about: AnswerContext['about'], utterance: string, language: AnswerContext['language'] = 'en', patient = WANG): AnswerContext =>
    ({ about, utterance, language, patient, orders: ORDERS, library: passages });

  it('a medicine question is answered from the patient\'s own active orders', () => {
    expect(deterministicAnswer(ctx('medicine_purpose', 'What is metformin for?'))).toEqual({
      text: 'Your record lists metformin 500 MG Oral Tablet, 500 mg by mouth at 08:00 and 18:00. Your nurse can tell you more.',
      sources: [{ id: 'record:order:MR-2001', title: { en: 'Medication order MR-2001', 'zh-CN': '医嘱 MR-2001' } }],
      found: true,
    });
    const all = deterministicAnswer(ctx('medicine_timing', '我的药什么时候吃？', 'zh-CN'));
    expect(all.text).toBe('您的医嘱记录是：metformin 500 MG Oral Tablet，用法（病历原文）：500 mg by mouth at 08:00 and 18:00；'
      + 'insulin glargine 100 UNT/ML Injectable Solution，用法（病历原文）：10 units under the skin at 22:00。护士可以告诉您更多。');
    expect(all.sources.map((s) => s.id)).toEqual(['record:order:MR-2001', 'record:order:MR-2002']);
    expect(all.text).not.toMatch(/amlodipine/); // stopped
  });

  it('a condition question quotes the best library section, short, with its source id', () => {
    const a = deterministicAnswer(ctx('condition', '什么是糖尿病？', 'zh-CN'));
    const section = LIBRARY.topic('diabetes').sections.find((s) => s.id === 'what_it_is')!;
    expect(a.sources).toEqual([{ id: 'education:diabetes@1.0.0#what_it_is', title: { en: 'Living with diabetes: What diabetes is', 'zh-CN': '认识糖尿病：什么是糖尿病' } }]);
    expect(section.text['zh-CN'].startsWith(a.text.replace('更多情况可以问护士。', '').trim().slice(0, 20))).toBe(true);
    expect(a.text.endsWith('更多情况可以问护士。')).toBe(true);
  });

  it('says so when nothing answers', () => {
    expect(deterministicAnswer(ctx('condition', 'What is the capital of France?'))).toEqual({
      text: 'I do not have an answer to that. I have asked a nurse to come and help you.', sources: [], found: false,
    });
    const noOrders = deterministicAnswer({ ...ctx('medicine_purpose', 'What is my medicine for?', 'en', { ...WANG, conditions: [] }), orders: [] });
    expect(noOrders.found).toBe(false);
    expect(noOrders.text).toMatch(/cannot find a medicine order/);
  });
});

describe('shortenForSpeech', () => {
  it('keeps whole sentences up to the time limit, at least one', () => {
    const long = 'One two three four five six seven eight nine ten. '.repeat(10).trim();
    const short = shortenForSpeech(long, 10);
    expect(short).toBe('One two three four five six seven eight nine ten. One two three four five six seven eight nine ten.');
    expect(shortenForSpeech('短句。再来一句。', 1)).toBe('短句。');
  });
});
