// The checks on a library file that its JSON Schema cannot make. Each problem is
// "<field path>: <what is wrong>", the path spelled as in the YAML ("sections[2].text.zh-CN").
import { occurrences } from './keyword-match.js';
import { hasHan, hasLatin, normaliseSpeech } from './normalise.js';
import type { LibraryFile } from './library-schema.js';
import { MAX_SPOKEN_SECONDS, speakingSeconds } from './speaking-time.js';

type Text = { en: string; 'zh-CN': string };

function checkText(text: Text, field: string, problems: string[]): void {
  const en = text.en.trim();
  const zh = text['zh-CN'].trim();
  if (en === '') problems.push(`${field}.en: must be non-empty`);
  else if (!hasLatin(en) || hasHan(en)) problems.push(`${field}.en: must be written in English`);
  if (zh === '') problems.push(`${field}.zh-CN: must be non-empty`);
  else if (!hasHan(zh)) problems.push(`${field}.zh-CN: must be written in Chinese`);
}

function checkSpokenLength(text: Text, field: string, problems: string[]): void {
  for (const language of ['en', 'zh-CN'] as const) {
    const seconds = Math.round(speakingSeconds(text[language]));
    if (seconds > MAX_SPOKEN_SECONDS) {
      problems.push(`${field}.${language}: takes about ${seconds} s to say; keep it under ${MAX_SPOKEN_SECONDS} s (split the section)`);
    }
  }
}

function checkUniqueIds(items: readonly { id: string }[], field: string, problems: string[]): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.id);
    if (earlier === undefined) first.set(item.id, i);
    else problems.push(`${field}[${i}].id: duplicate id "${item.id}" (also ${field}[${earlier}])`);
  });
}

function checkDate(date: string, problems: string[]): void {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    problems.push(`reviewed.date: "${date}" is not a real calendar date`);
  }
}

type Point = LibraryFile['teach_back'][number]['key_points'][number];

/** Keywords are compared with normalised answers, so they must be written in that form. */
function checkKeywords(point: Point, field: string, problems: string[]): void {
  for (const language of ['en', 'zh-CN'] as const) {
    point[language].forEach((keyword, k) => {
      const at = `${field}.${language}[${k}]`;
      const normal = normaliseSpeech(keyword);
      if (normal === '') problems.push(`${at}: must be non-empty`);
      else if (normal !== keyword) problems.push(`${at}: write "${keyword}" as "${normal}" (lower case, no punctuation)`);
      else if (language === 'zh-CN' && hasLatin(keyword)) problems.push(`${at}: "${keyword}" belongs under en`);
    });
  }
}

/**
 * A keyword found inside another key point's keyword means one phrase of the patient's would count
 * as two key points ("nurse" inside "tell the nurse"), so an answer could pass on half the ideas.
 */
function checkOverlaps(points: readonly Point[], field: string, problems: string[]): void {
  points.forEach((point, p) => {
    points.forEach((other, o) => {
      if (o === p) return;
      for (const language of ['en', 'zh-CN'] as const) {
        point[language].forEach((keyword, k) => {
          const inside = [...other.en, ...other['zh-CN']].find((kw) => occurrences(kw, keyword).length > 0);
          if (inside !== undefined) {
            problems.push(`${field}[${p}].${language}[${k}]: "${keyword}" also matches "${inside}" of key point "${other.id}"; one phrase would count twice`);
          }
        });
      }
    });
  });
}

export function checkLibraryFile(file: LibraryFile, fileName: string): string[] {
  const problems: string[] = [];
  const expectedName = `${file.topic}.yaml`;
  if (fileName !== expectedName) problems.push(`topic: "${file.topic}" must be in a file named ${expectedName}`);
  checkDate(file.reviewed.date, problems);
  checkText(file.title, 'title', problems);

  checkUniqueIds(file.sections, 'sections', problems);
  file.sections.forEach((section, s) => {
    checkText(section.title, `sections[${s}].title`, problems);
    checkText(section.text, `sections[${s}].text`, problems);
    checkSpokenLength(section.text, `sections[${s}].text`, problems);
  });

  const sectionIds = file.sections.map((s) => s.id);
  checkUniqueIds(file.teach_back, 'teach_back', problems);
  file.teach_back.forEach((question, q) => {
    const field = `teach_back[${q}]`;
    if (!sectionIds.includes(question.section)) {
      problems.push(`${field}.section: no section "${question.section}" in this file (sections: ${sectionIds.join(', ')})`);
    }
    checkText(question.question, `${field}.question`, problems);
    checkUniqueIds(question.key_points, `${field}.key_points`, problems);
    question.key_points.forEach((point, p) => checkKeywords(point, `${field}.key_points[${p}]`, problems));
    checkOverlaps(question.key_points, `${field}.key_points`, problems);
    if (question.pass > question.key_points.length) {
      problems.push(`${field}.pass: must be at most ${question.key_points.length}, the number of key points`);
    }
  });
  return problems;
}
