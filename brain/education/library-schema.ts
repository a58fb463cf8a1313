// The format of a library file (brain/education/library/<topic>.yaml), written once. What a schema
// cannot say (both languages really written, ids unique, references resolve) is in library-checks.ts.
import { CONDITIONS } from '../../robot/index.js';

const localText = {
  type: 'object',
  additionalProperties: false,
  required: ['en', 'zh-CN'],
  properties: { en: { type: 'string' }, 'zh-CN': { type: 'string' } },
} as const;

const id = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } as const;

const keywords = { type: 'array', minItems: 1, items: { type: 'string' } } as const;

export const LIBRARY_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['topic', 'version', 'reviewed', 'title', 'sections', 'teach_back'],
  properties: {
    topic: { enum: [...CONDITIONS] },
    version: { type: 'string', pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$' },
    reviewed: {
      type: 'object',
      additionalProperties: false,
      required: ['date', 'by'],
      properties: {
        date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        by: { type: 'string', minLength: 1 },
      },
    },
    title: localText,
    // A bedside session must stay short: a few sections, a few questions.
    sections: {
      type: 'array',
      minItems: 3,
      maxItems: 5,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'text'],
        properties: { id, title: localText, text: localText },
      },
    },
    teach_back: {
      type: 'array',
      minItems: 2,
      maxItems: 3,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'section', 'question', 'key_points', 'pass'],
        properties: {
          id,
          section: { type: 'string' },
          question: localText,
          key_points: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'en', 'zh-CN'],
              properties: { id, en: keywords, 'zh-CN': keywords },
            },
          },
          pass: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

/** A file that passed the schema, spelled as in YAML. */
export interface LibraryFile {
  topic: (typeof CONDITIONS)[number];
  version: string;
  reviewed: { date: string; by: string };
  title: { en: string; 'zh-CN': string };
  sections: { id: string; title: { en: string; 'zh-CN': string }; text: { en: string; 'zh-CN': string } }[];
  teach_back: {
    id: string;
    section: string;
    question: { en: string; 'zh-CN': string };
    key_points: { id: string; en: string[]; 'zh-CN': string[] }[];
    pass: number;
  }[];
}
