// pocketsphinx_batch's -hypseg line: "<utt> S <scale> T <total> A <acoustic> L <lm> (<start frame>
// <acoustic> <lm> <word>)* <end frame>", scores in the decoder's log units (larger is better).
export interface HypWord {
  word: string;
  startFrame: number;
  endFrame: number;
  acoustic: number;
}

export interface Hypothesis {
  total: number;
  acoustic: number;
  frames: number;
  words: HypWord[];
}

const FILLERS = /^(<sil>|<s>|<\/s>|\(NULL\)|SIL|\+\+?[A-Z]+\+\+?|\[[A-Z]+\])$/;

export function isFiller(word: string): boolean {
  return FILLERS.test(word);
}

export function parseHypseg(line: string): Hypothesis | null {
  const t = line.trim().split(/\s+/);
  const at = t.indexOf('T');
  if (at < 0 || t[at + 2] !== 'A' || t[at + 4] !== 'L') return null;
  const total = Number(t[at + 1]);
  const acoustic = Number(t[at + 3]);
  const rest = t.slice(at + 6);
  const words: HypWord[] = [];
  let i = 0;
  for (; i + 3 < rest.length; i += 4) {
    words.push({ startFrame: Number(rest[i]), acoustic: Number(rest[i + 1]), word: rest[i + 3]!, endFrame: 0 });
  }
  const end = Number(rest[i]);
  if (!Number.isFinite(total) || !Number.isFinite(acoustic) || !Number.isFinite(end)) return null;
  words.forEach((w, k) => { w.endFrame = k + 1 < words.length ? words[k + 1]!.startFrame : end; });
  return { total, acoustic, frames: end, words };
}

/** The recognised words without silences and fillers, pocketsphinx's alternate-pronunciation marks removed. */
export function spokenWords(h: Hypothesis): string[] {
  return h.words.map((w) => w.word.replace(/\(\d+\)$/, '')).filter((w) => !isFiller(w));
}
