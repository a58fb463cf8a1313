// How long a text takes to say aloud, to keep each section short enough for one breath of attention
// at the bedside. Rates are ordinary patient-education speech: about 150 English words a minute and
// about 4 Chinese characters a second (240 a minute).

export const MAX_SPOKEN_SECONDS = 40;

const EN_WORDS_PER_SECOND = 150 / 60;
const ZH_CHARS_PER_SECOND = 4;

export function speakingSeconds(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return han / ZH_CHARS_PER_SECOND + words / EN_WORDS_PER_SECOND;
}
