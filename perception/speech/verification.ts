// Utterance verification: how much worse the grammar's sentence explains the audio than a free loop of
// phones does, per frame of speech. Said in the grammar, the two are close; said outside it, the
// grammar's nearest sentence is forced onto the audio and falls far behind.
import { isFiller, type Hypothesis } from './hypseg.js';

export interface VerificationFeatures {
  /** Frames the grammar's words (not silences) cover. */
  speechFrames: number;
  /** (grammar − phone loop) acoustic score per speech frame, decoder log units. */
  acousticGap: number;
  /** (grammar − phone loop) total score per frame of the whole utterance. */
  totalGap: number;
}

/** The phone loop's acoustic score over frames [from, to), sharing out segments that straddle the edges. */
function scoreOver(h: Hypothesis, from: number, to: number): number {
  let sum = 0;
  for (const w of h.words) {
    const len = w.endFrame - w.startFrame;
    if (len <= 0) continue;
    const overlap = Math.min(to, w.endFrame) - Math.max(from, w.startFrame);
    if (overlap > 0) sum += (w.acoustic * overlap) / len;
  }
  return sum;
}

export function verificationFeatures(grammar: Hypothesis, phones: Hypothesis): VerificationFeatures {
  let frames = 0;
  let gap = 0;
  for (const w of grammar.words) {
    if (isFiller(w.word)) continue;
    frames += w.endFrame - w.startFrame;
    gap += w.acoustic - scoreOver(phones, w.startFrame, w.endFrame);
  }
  const all = Math.max(1, grammar.frames);
  return { speechFrames: frames, acousticGap: frames ? gap / frames : -Infinity, totalGap: (grammar.total - phones.total) / all };
}

/**
 * Gap per speech frame at which confidence is one half, and how steeply it falls around it. On the
 * synthesized ward-round answers correct results had gaps from −50 to 0; espeak's voice is far from the
 * voices the model learnt, so a real voice scores higher. Rejection is the grammar's something-else
 * branch's job; this figure is for the Utterance's confidence and for calibrating on real recordings.
 */
export const VERIFICATION = { midpoint: -40, slope: 0.1 };

export function utteranceConfidence(grammar: Hypothesis, phones: Hypothesis): number {
  const f = verificationFeatures(grammar, phones);
  if (!Number.isFinite(f.acousticGap)) return 0;
  return 1 / (1 + Math.exp(-VERIFICATION.slope * (f.acousticGap - VERIFICATION.midpoint)));
}
