import { describe, it, expect } from '@jest/globals';
import { CONDITIONS, LANGUAGES } from '../../robot/index.js';
import { loadLibrary, MAX_SPOKEN_SECONDS, speakingSeconds } from './index.js';

const library = loadLibrary();

describe('the shipped education library', () => {
  it('has one topic for every condition, in the order of CONDITIONS', () => {
    expect(library.topics().map((t) => t.topic)).toEqual([...CONDITIONS]);
    for (const condition of CONDITIONS) expect(library.topic(condition).topic).toBe(condition);
  });

  it('refuses a topic that is not a condition, naming it', () => {
    expect(() => library.topic('gout' as never)).toThrow(/no education topic "gout"/);
  });

  it('writes every text in both languages, Chinese in Chinese characters', () => {
    for (const topic of library.topics()) {
      const texts = [topic.title, ...topic.sections.flatMap((s) => [s.title, s.text]), ...topic.teachBack.map((q) => q.question)];
      for (const text of texts) {
        for (const language of LANGUAGES) expect(text[language].trim()).not.toBe('');
        expect(text['zh-CN']).toMatch(/\p{Script=Han}/u);
        expect(text.en).not.toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('keeps to 3–5 sections of 2–4 sentences, each spoken in under 40 s, and 2–3 questions per topic', () => {
    for (const topic of library.topics()) {
      expect(topic.sections.length).toBeGreaterThanOrEqual(3);
      expect(topic.sections.length).toBeLessThanOrEqual(5);
      expect(topic.teachBack.length).toBeGreaterThanOrEqual(2);
      expect(topic.teachBack.length).toBeLessThanOrEqual(3);
      for (const section of topic.sections) {
        const en = section.text.en.split(/[.?!](?:\s|$)/).filter((s) => s.trim() !== '').length;
        const zh = section.text['zh-CN'].split(/[。？！]/).filter((s) => s.trim() !== '').length;
        for (const count of [en, zh]) {
          expect(count).toBeGreaterThanOrEqual(2);
          expect(count).toBeLessThanOrEqual(4);
        }
        for (const language of LANGUAGES) expect(speakingSeconds(section.text[language])).toBeLessThan(MAX_SPOKEN_SECONDS);
      }
    }
  });

  it('tells the patient when to call a nurse in every topic, in both languages', () => {
    for (const topic of library.topics()) {
      const redFlags = topic.sections.find((s) => s.id === 'when_to_call');
      expect(redFlags?.text.en).toMatch(/nurse/);
      expect(redFlags?.text['zh-CN']).toMatch(/护士/);
    }
  });

  it('gives no doses: medicines are taken as the doctor or nurse prescribed', () => {
    for (const topic of library.topics()) {
      for (const section of topic.sections) {
        expect(section.text.en).not.toMatch(/\d\s*(mg|mcg|micrograms?|milligrams?|units?|ml|puffs?|tablets?)\b/i);
        expect(section.text['zh-CN']).not.toMatch(/\d\s*(毫克|微克|单位|毫升|喷|片)/);
      }
      const en = topic.sections.map((s) => s.text.en).join(' ');
      const zh = topic.sections.map((s) => s.text['zh-CN']).join('');
      // Every topic that asks the patient to take or use a medicine (fall prevention only names them as a cause).
      if (topic.topic !== 'fall_prevention') {
        expect(en).toMatch(/as your doctor or nurse prescribed/);
        expect(zh).toMatch(/按医生或护士的医嘱/);
      }
    }
  });

  it('has teach-back questions whose key points each have keywords in both languages', () => {
    for (const topic of library.topics()) {
      for (const question of topic.teachBack) {
        expect(topic.sections.map((s) => s.id)).toContain(question.section);
        expect(question.pass).toBeLessThanOrEqual(question.keyPoints.length);
        for (const point of question.keyPoints) {
          expect(point.en.length).toBeGreaterThan(0);
          expect(point['zh-CN'].length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('hands out frozen topics, so one caller cannot change another caller’s content', () => {
    const topic = library.topic('hypertension');
    expect(Object.isFrozen(topic)).toBe(true);
    expect(Object.isFrozen(topic.sections[0]?.text)).toBe(true);
  });
});
