// A two-topic education library for the workflow tests: small enough to script every answer.
import type { Condition } from '../../../robot/index.js';
import type { EducationLibrary, Topic } from '../../education/index.js';

const topic = (name: Condition, title: string, zhTitle: string, keyword: string, zhKeyword: string): Topic => ({
  topic: name,
  version: '1.0.0',
  reviewed: { date: '2025-01-01', by: 'test' },
  title: { en: title, 'zh-CN': zhTitle },
  sections: [
    { id: 'what', title: { en: `About ${title}`, 'zh-CN': `关于${zhTitle}` }, text: { en: `${title} matters.`, 'zh-CN': `${zhTitle}很重要。` } },
    { id: 'do', title: { en: 'What to do', 'zh-CN': '怎么做' }, text: { en: `Remember to ${keyword}.`, 'zh-CN': `记得${zhKeyword}。` } },
  ],
  teachBack: [
    { id: `${name}_why`, section: 'what', question: { en: 'Why does it matter?', 'zh-CN': '为什么重要？' }, pass: 1,
      keyPoints: [{ id: 'matters', en: ['matters', 'important'], 'zh-CN': ['重要'] }] },
    { id: `${name}_do`, section: 'do', question: { en: 'What will you do?', 'zh-CN': '您会怎么做？' }, pass: 1,
      keyPoints: [{ id: 'do', en: [keyword], 'zh-CN': [zhKeyword] }] },
  ],
});

const TOPICS = [
  topic('hypertension', 'High blood pressure', '高血压', 'take my tablets', '吃药'),
  topic('fall_prevention', 'Preventing falls', '预防跌倒', 'call for help', '按铃'),
];

export const TEST_LIBRARY: EducationLibrary = {
  topic(condition) {
    const found = TOPICS.find((t) => t.topic === condition);
    if (!found) throw new Error(`no education topic "${condition}"`);
    return found;
  },
  topics: () => TOPICS,
};
