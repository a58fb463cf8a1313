// JSGF-style rules compiled to a pocketsphinx finite-state grammar (FSG file) by this code rather than
// by pocketsphinx's own JSGF reader, for one reason: an FSG carries real transition probabilities,
// and pocketsphinx ignores JSGF weights (measured: a /1e-30/ branch was taken as often as a /0.01/ one).
// The probabilities are what make a "something else was said" branch work: a loop of single phones
// that any audio can follow, but only at a price per phone. Where the patient's words are among the
// expected answers, the answer explains the audio far better than that price; where they are not,
// the phone loop wins and the robot says it did not understand instead of picking the nearest answer.
export class GrammarSyntaxError extends Error {}

type Node =
  | { t: 'word'; word: string }
  | { t: 'ref'; rule: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'opt'; item: Node };

const TOKEN = /\s*(<[a-z_]+>|[()[\]|]|[a-z][a-z']*)/y;

export function parseExpression(text: string): Node {
  const tokens: string[] = [];
  let at = 0;
  for (;;) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) break;
    tokens.push(m[1]!);
    at = TOKEN.lastIndex;
  }
  if (text.slice(at).trim()) throw new GrammarSyntaxError(`grammar: cannot read "${text.slice(at).trim().slice(0, 20)}" in "${text.slice(0, 60)}"`);
  let i = 0;
  const alt = (): Node => {
    const alts = [seq()];
    while (tokens[i] === '|') { i++; alts.push(seq()); }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  };
  const seq = (): Node => {
    const items: Node[] = [];
    for (;;) {
      const tok = tokens[i];
      if (tok === undefined || tok === '|' || tok === ')' || tok === ']') break;
      i++;
      if (tok === '(' || tok === '[') {
        const inner = alt();
        const close = tok === '(' ? ')' : ']';
        if (tokens[i] !== close) throw new GrammarSyntaxError(`grammar: "${tok}" without "${close}" in "${text.slice(0, 60)}"`);
        i++;
        items.push(tok === '(' ? inner : { t: 'opt', item: inner });
      } else if (tok.startsWith('<')) items.push({ t: 'ref', rule: tok.slice(1, -1) });
      else items.push({ t: 'word', word: tok });
    }
    if (items.length === 0) throw new GrammarSyntaxError(`grammar: an empty alternative in "${text.slice(0, 60)}"`);
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  };
  const node = alt();
  if (i !== tokens.length) throw new GrammarSyntaxError(`grammar: unexpected "${tokens[i]}" in "${text.slice(0, 60)}"`);
  return node;
}

export interface Transition {
  from: number;
  to: number;
  prob: number;
  word?: string;
}

/** Something-else branch: the chance of taking it, and of going on for one more phone inside it. */
export interface OtherSpeech {
  phones: readonly string[];
  /** Word prefix the phone "words" get in the dictionary, e.g. "other_" → "other_aa". */
  prefix: string;
  entry: number;
  perPhone: number;
}

export interface Fsg {
  text: string;
  states: number;
  words: ReadonlySet<string>;
}

/** Compiles `top` (an expression over `rules`) into FSG text, optionally with a something-else branch. */
export function compileFsg(top: string, rules: Readonly<Record<string, string>>, other?: OtherSpeech): Fsg {
  const parsed = new Map<string, Node>();
  const transitions: Transition[] = [];
  const words = new Set<string>();
  let states = 2; // 0 start, 1 final
  const state = () => states++;
  const ruleNode = (name: string): Node => {
    let n = parsed.get(name);
    if (!n) {
      const body = rules[name];
      if (body === undefined) throw new GrammarSyntaxError(`grammar: rule <${name}> is not defined`);
      n = parseExpression(body);
      parsed.set(name, n);
    }
    return n;
  };
  const build = (n: Node, from: number, to: number, prob: number, stack: readonly string[]): void => {
    switch (n.t) {
      case 'word':
        words.add(n.word);
        transitions.push({ from, to, prob, word: n.word });
        return;
      case 'ref':
        if (stack.includes(n.rule)) throw new GrammarSyntaxError(`grammar: rule <${n.rule}> refers to itself`);
        build(ruleNode(n.rule), from, to, prob, [...stack, n.rule]);
        return;
      case 'seq': {
        let at = from;
        n.items.forEach((item, k) => {
          const next = k === n.items.length - 1 ? to : state();
          build(item, at, next, k === 0 ? prob : 1, stack);
          at = next;
        });
        return;
      }
      case 'alt':
        for (const a of n.alts) {
          const s = state();
          transitions.push({ from, to: s, prob: prob / n.alts.length });
          build(a, s, to, 1, stack);
        }
        return;
      case 'opt': {
        const half = prob / 2;
        transitions.push({ from, to, prob: half });
        const s = state();
        transitions.push({ from, to: s, prob: half });
        build(n.item, s, to, 1, stack);
        return;
      }
    }
  };
  const expected = 1;
  build(parseExpression(top), 0, 1, expected, []);
  if (other) {
    const loop = state();
    for (const p of other.phones) {
      const w = `${other.prefix}${p.toLowerCase()}`;
      words.add(w);
      transitions.push({ from: 0, to: loop, prob: other.entry, word: w });
      transitions.push({ from: loop, to: loop, prob: other.perPhone, word: w });
    }
    transitions.push({ from: loop, to: 1, prob: 1 });
  }
  const lines = ['FSG_BEGIN answer', `NUM_STATES ${states}`, 'START_STATE 0', 'FINAL_STATE 1'];
  for (const t of transitions) lines.push(`TRANSITION ${t.from} ${t.to} ${Number(t.prob.toPrecision(6))}${t.word ? ` ${t.word}` : ''}`);
  lines.push('FSG_END', '');
  return { text: lines.join('\n'), states, words };
}
