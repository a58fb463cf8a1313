// Finding the passages that answer a question, in English or Chinese, without a model: each text
// becomes terms (English words, Chinese character pairs and single characters) and a passage scores
// the rarity (idf) of the question's terms it contains. Small and predictable on purpose: a few
// dozen passages, and staff must be able to see why a passage was chosen.
import { normaliseSpeech } from '../education/normalise.js';
import type { Condition } from '../../robot/index.js';
import type { SourcePassage } from './sources.js';

const EN_STOP = new Set(`a an the i im me my mine you your yours is are am was were be been being do does did dont doesnt
  what whats when why how which who where can cant could should would will shall may might must to of for in on at by with
  from and or but if it its this that these those there here about tell explain please know want need have has had get got
  some any more much many very so just not no yes ok okay thing things something mean means say said like also then than
  up down out over again now today robot hello hi thanks thank use using used`.split(/\s+/));

// Characters that carry grammar, not meaning; a pair of two of them is no term either.
const ZH_STOP = new Set([...'的了吗呢是我你您他她它们什么怎么样为呀啊吧哦嗯这那个一下有没要会能可以请问告诉说讲些点和跟与就都也还在哪里儿办该如何']);

/** Single Chinese characters are weak evidence (药 is in half the library); pairs and words count fully. */
const UNIGRAM_WEIGHT = 0.3;
/** A term in a passage's title says more about what the passage is for than one in its text. */
const TITLE_BOOST = 1.5;
/** The patient's own conditions are the likelier subject of their question. */
const OWN_TOPIC_BOOST = 1.3;
/** A question naming a topic ("falling", "吸入器") prefers that topic's sections over a stray word elsewhere. */
const NAMED_TOPIC_BOOST = 1.3;
/**
 * Below this a passage does not answer the question. Calibrated on the shipped library: one rare
 * term in a title ("diabetes", "吸入器") clears it; common words alone ("use", "day") do not.
 */
export const MIN_SCORE = 2.5;
/**
 * The share of a question's telling words a passage must contain, counting only words it contains
 * and words the library never uses: "Tell me about the illness psoriasis" is about psoriasis, which
 * no passage covers, so a passage that only shares "illness" does not answer it; "how can I avoid
 * falling" is still answered by a passage on falls that never says "avoid". Chinese is counted by
 * characters here, since pairs that straddle two words are unknown by accident.
 */
export const MIN_COVERAGE = 0.55;

interface Term {
  term: string;
  weight: number;
  /** Counts towards coverage: English words and single Chinese characters, not character pairs. */
  unit: boolean;
}

function stem(word: string): string {
  // Plurals and -ing only ("tablets", "falling"): crude, but both sides are stemmed alike.
  if (word.endsWith('ing') && word.length >= 6) return word.slice(0, -3);
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The terms of a text, each with its weight; the same term appears once. */
export function terms(text: string): Term[] {
  const normal = normaliseSpeech(text);
  const found = new Map<string, number>();
  const add = (term: string, weight: number) => found.set(term, Math.max(found.get(term) ?? 0, weight));
  const pairs = new Set<string>();
  for (const word of normal.match(/[\p{Script=Latin}\p{N}]+/gu) ?? []) {
    if (!EN_STOP.has(word)) add(stem(word), 1);
  }
  for (const run of normal.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    chars.forEach((c, i) => {
      if (!ZH_STOP.has(c)) add(c, UNIGRAM_WEIGHT);
      const next = chars[i + 1];
      // A pair with a grammar character in it ("的药") matches by accident far more often than by meaning.
      if (next !== undefined && !ZH_STOP.has(c) && !ZH_STOP.has(next)) {
        add(c + next, 1);
        pairs.add(c + next);
      }
    });
  }
  return [...found].map(([term, weight]) => ({ term, weight, unit: !pairs.has(term) }));
}

interface Indexed {
  passage: SourcePassage;
  order: number;
  all: Set<string>;
  title: Set<string>;
  topicTitle: Set<string>;
}

export interface Scored {
  passage: SourcePassage;
  score: number;
}

export interface RetrieveOptions {
  /** The patient's conditions: passages on these topics are preferred. */
  ownTopics?: readonly Condition[];
  /** How many passages at most (default 3). */
  limit?: number;
  /** Default MIN_SCORE. */
  minScore?: number;
}

/** An index over a fixed set of passages (the library's is built once; a record's per question). */
export class PassageIndex {
  private readonly items: Indexed[];
  private readonly df = new Map<string, number>();

  constructor(passages: readonly SourcePassage[]) {
    this.items = passages.map((passage, order) => {
      // Both languages are indexed: a patient asks in either, or in both at once. The topic's title
      // is text, not title: it names every section of the topic alike, so it cannot pick one.
      const title = new Set(terms(`${passage.heading.en} ${passage.heading['zh-CN']}`).map((t) => t.term));
      const text = terms(`${passage.title.en} ${passage.title['zh-CN']} ${passage.text.en} ${passage.text['zh-CN']}`).map((t) => t.term);
      const topicTitle = new Set(passage.topicTitle ? terms(`${passage.topicTitle.en} ${passage.topicTitle['zh-CN']}`).map((t) => t.term) : []);
      return { passage, order, title, topicTitle, all: new Set([...title, ...text]) };
    });
    for (const item of this.items) for (const t of item.all) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /** How telling a term is; one no passage contains is as telling as the rarest. */
  private idf(term: string): number {
    return Math.log(1 + this.items.length / Math.max(1, this.df.get(term) ?? 0));
  }

  private known(term: string): boolean {
    return this.df.has(term);
  }

  /** The passages that answer `question`, best first; none when nothing scores MIN_SCORE. */
  search(question: string, opts: RetrieveOptions = {}): Scored[] {
    const query = terms(question);
    const own = new Set(opts.ownTopics ?? []);
    const min = opts.minScore ?? MIN_SCORE;
    const unknown = query.filter((t) => t.unit && !this.known(t.term)).reduce((sum, t) => sum + t.weight * this.idf(t.term), 0);
    return this.items
      .map(({ passage, order, all, title, topicTitle }) => {
        let score = 0;
        let covered = 0;
        for (const { term, weight, unit } of query) {
          if (!all.has(term)) continue;
          if (unit) covered += weight * this.idf(term);
          score += weight * this.idf(term) * (title.has(term) ? TITLE_BOOST : 1);
        }
        if (covered === 0 || covered / (covered + unknown) < MIN_COVERAGE) score = 0;
        if (passage.topic && own.has(passage.topic)) score *= OWN_TOPIC_BOOST;
        if (query.some((t) => t.weight === 1 && topicTitle.has(t.term))) score *= NAMED_TOPIC_BOOST;
        return { passage, order, score };
      })
      .filter((s) => s.score >= min)
      // Ties keep the library's order: a topic's first section is its overview.
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, opts.limit ?? 3)
      .map(({ passage, score }) => ({ passage, score }));
  }
}

/** One-off retrieval over the library's passages plus a patient's record lines. */
export function retrieve(question: string, passages: readonly SourcePassage[], opts: RetrieveOptions = {}): Scored[] {
  return new PassageIndex(passages).search(question, opts);
}
