// Where people's names sit in free text, and whose they are. People say a patient's name in many ways:
// "Wang Guoqiang", "WANG GUOQIANG", "Guoqiang Wang", "Wang, Guoqiang", "Mrs Turner", "Turner", "王国强",
// "王 国强" (speech recognition spacing), "王先生", "国强". Each way is looked up to the set of patients it
// could mean; the redactor gives a person's token when that set is one person.

export interface NameHit {
  start: number;
  end: number;
  /** Indexes of the people this text could name (one: that person; several: a shared surname or name). */
  owners: ReadonlySet<number>;
  /** Lower-cased, space-normalised text: the key for a shared name's own token. */
  key: string;
}

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
// Separators between the parts of a written name; the apostrophe stays inside a part ("O'Brien").
const PART_SPLIT = /[\s\-·.,]+/u;
const SEP = '(?:\\s*[-·.,]\\s*|\\s+)';
// Latin names must not run into more letters, digits or underscores ("Fang" is not in "Fangzhou", "Sun" not in "bed_Sun").
const LB = "(?<![\\p{L}\\p{N}_'’])";
const LA = '(?![\\p{L}\\p{N}_])';
/** Titles before a Latin name part; with one, even a short or lower-case part ("mr he") is a name. */
const HONORIFIC_BEFORE = /(?:^|[^\p{L}])(?:mr|mrs|ms|miss|mx|dr|doctor|madam|madame|auntie|aunty|uncle|grandma|grandpa|granny|prof|professor)\.?\s+$/iu;
/** What Chinese speakers put after a surname ("王先生", "孙阿姨"). */
const HAN_TITLES = ['老先生', '老太太', '先生', '女士', '太太', '小姐', '阿姨', '叔叔', '伯伯', '大爷', '大妈', '奶奶', '爷爷', '婆婆', '老师', '师傅', '大哥', '大姐'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normPart = (p: string) => p.toLowerCase().replace(/['’]/g, '');
/** The apostrophe may be typed straight, curly or not at all. */
const partPattern = (p: string) => escape(p).replace(/['’]/g, "['’]?");
const latinKey = (text: string) => text.split(PART_SPLIT).filter(Boolean).map(normPart).sort().join(' ');
const hanKey = (text: string) => text.replace(/\s+/gu, '');

function addOwner(map: Map<string, Set<number>>, key: string, owner: number): void {
  const set = map.get(key) ?? new Set<number>();
  set.add(owner);
  map.set(key, set);
}

function alternation(sources: Iterable<string>): string {
  // Longest first: a regex alternation takes the first alternative that matches, not the longest.
  return [...new Set(sources)].sort((a, b) => b.length - a.length).join('|');
}

export class NameIndex {
  private readonly fullLatin = new Map<string, Set<number>>();
  private readonly partLatin = new Map<string, Set<number>>();
  private readonly fullHan = new Map<string, Set<number>>();
  private readonly givenHan = new Map<string, Set<number>>();
  private readonly surnameHan = new Map<string, Set<number>>();
  private readonly patterns: Array<{ re: RegExp; lookup: (text: string) => Set<number> | undefined; key: (t: string) => string; accept?: (text: string, start: number, hit: string) => boolean }> = [];

  constructor(namesOf: ReadonlyArray<readonly string[]>) {
    const fullLatinSources: string[] = [];
    const partSources: string[] = [];
    const hanSources: string[] = [];
    const givenSources: string[] = [];
    const surnameSources: string[] = [];
    namesOf.forEach((names, owner) => {
      for (const name of names.map((n) => n.trim()).filter(Boolean)) {
        if (HAN.test(name)) {
          const chars = [...hanKey(name)];
          addOwner(this.fullHan, chars.join(''), owner);
          hanSources.push(chars.map(escape).join('\\s?'));
          // A four-character name most often has a two-character surname (欧阳, 司马).
          const surnameLength = chars.length >= 4 ? 2 : 1;
          const surname = chars.slice(0, surnameLength).join('');
          const given = chars.slice(surnameLength).join('');
          addOwner(this.surnameHan, surname, owner);
          surnameSources.push(escape(surname));
          // A one-character given name alone (健, 明) is an ordinary word; two or more are a name.
          if ([...given].length >= 2) {
            addOwner(this.givenHan, given, owner);
            givenSources.push(escape(given));
          }
        } else if (LATIN.test(name)) {
          const parts = name.split(PART_SPLIT).filter(Boolean);
          addOwner(this.fullLatin, latinKey(name), owner);
          fullLatinSources.push(parts.map(partPattern).join(SEP));
          if (parts.length > 1) fullLatinSources.push([...parts].reverse().map(partPattern).join(SEP));
          for (const part of parts) {
            if ([...part].length < 2) continue;
            addOwner(this.partLatin, normPart(part), owner);
            partSources.push(partPattern(part));
          }
        }
      }
    });
    if (fullLatinSources.length) {
      this.patterns.push({ re: new RegExp(`${LB}(?:${alternation(fullLatinSources)})${LA}`, 'giu'), lookup: (t) => this.fullLatin.get(latinKey(t)), key: latinKey });
    }
    if (hanSources.length) {
      this.patterns.push({ re: new RegExp(alternation(hanSources), 'gu'), lookup: (t) => this.fullHan.get(hanKey(t)), key: hanKey });
    }
    if (partSources.length) {
      this.patterns.push({
        re: new RegExp(`${LB}(?:${alternation(partSources)})${LA}`, 'giu'),
        lookup: (t) => this.partLatin.get(normPart(t)),
        key: normPart,
        // A part alone is a name when a title comes before it, or when it is written like a name
        // (capitalised, three letters or more); "sun" and "he" in a sentence are words.
        accept: (text, start, hit) =>
          HONORIFIC_BEFORE.test(text.slice(Math.max(0, start - 24), start)) || ([...hit].length >= 3 && hit[0] !== hit[0]!.toLowerCase()),
      });
    }
    if (givenSources.length) {
      this.patterns.push({ re: new RegExp(alternation(givenSources), 'gu'), lookup: (t) => this.givenHan.get(t), key: (t) => t });
    }
    if (surnameSources.length) {
      // The surname only with a title after it; the title stays in the text.
      this.patterns.push({
        re: new RegExp(`(?:${alternation(surnameSources)})(?=${HAN_TITLES.join('|')})`, 'gu'),
        lookup: (t) => this.surnameHan.get(t),
        key: (t) => t,
      });
    }
  }

  find(text: string): NameHit[] {
    const hits: NameHit[] = [];
    for (const p of this.patterns) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
        const hit = m[0];
        const owners = p.lookup(hit);
        if (!owners || (p.accept && !p.accept(text, m.index, hit))) continue;
        hits.push({ start: m.index, end: m.index + hit.length, owners, key: p.key(hit) });
      }
    }
    return hits;
  }
}

/** Whether the text around a position reads as Chinese: the nearest non-space character on either side is Han or CJK punctuation. */
export function chineseAround(text: string, start: number, end: number): boolean {
  const cjk = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
  const before = text.slice(0, start).trimEnd().slice(-1);
  const after = text.slice(end).trimStart().slice(0, 1);
  return cjk.test(before) || cjk.test(after);
}
