// asr_latency_ms / asr_latency_p90_ms: from the end of a patient's utterance (the VAD hands over its
// audio) to the recognised text, pocketsphinx with the question's grammar, on synthesized ward-round
// answers; asr_exact_pct: how many it got word for word. tts_ms_per_sentence: espeak-ng, one of the
// robot's ward-round sentences from text to audio (English and Mandarin), median.
import { EspeakSynthesizer, normaliseHeard, PocketsphinxRecognizer, speechTestRandom, synthesizeUtterance, WARD_ROUND_ANSWERS, type Pcm } from '../perception/index.js';
import { percentile, progress, report, type Benchmark } from './report.js';

const ROUNDS = 2;
const SENTENCES: [string, 'en' | 'zh-CN'][] = [
  ['On a scale from 0 to 10, where 0 is no pain and 10 is the worst pain you can imagine, how much pain do you have now?', 'en'],
  ['How did you sleep last night: well, fairly well, or poorly?', 'en'],
  ['Do you feel sick, as if you might vomit?', 'en'],
  ['Are you short of breath?', 'en'],
  ['Is there anything else you would like to tell the nurses?', 'en'],
  ['如果用0到10分表示疼痛，0分是不痛，10分是您能想到的最痛，您现在有几分痛？', 'zh-CN'],
  ['您昨晚睡得怎么样：好、一般，还是不好？', 'zh-CN'],
  ['您现在觉得气短吗？', 'zh-CN'],
];

const bench: Benchmark = {
  name: 'perception-speech',
  about: `pocketsphinx on ${WARD_ROUND_ANSWERS.length} synthesized ward-round answers ×${ROUNDS} (utterance end → text, p50/p90); espeak-ng on ${SENTENCES.length} ward sentences ×${ROUNDS}`,
  async run() {
    const tts = new EspeakSynthesizer();
    const random = speechTestRandom(7);
    const audio: Pcm[] = [];
    for (const a of WARD_ROUND_ANSWERS) audio.push(await synthesizeUtterance(tts, a.text, 'en', random));
    const recognizer = new PocketsphinxRecognizer();
    // The dictionary is read once when the robot starts, not per answer.
    await recognizer.recognize(audio[0]!, 'en', { hint: WARD_ROUND_ANSWERS[0]!.hint });

    const latencies: number[] = [];
    let exact = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, a] of WARD_ROUND_ANSWERS.entries()) {
        const t0 = performance.now();
        const r = await recognizer.recognize(audio[i]!, 'en', { hint: a.hint, questionId: a.questionId });
        latencies.push(performance.now() - t0);
        if (round === 0 && r.outcome === 'heard' && normaliseHeard(r.text) === normaliseHeard(a.text)) exact++;
      }
      progress(`recognition round ${round + 1} / ${ROUNDS}`);
    }
    latencies.sort((x, y) => x - y);
    report('asr_latency_ms', percentile(latencies, 50), 'ms');
    report('asr_latency_p90_ms', percentile(latencies, 90), 'ms');
    report('asr_exact_pct', (100 * exact) / WARD_ROUND_ANSWERS.length, '%');

    const tts_ms: number[] = [];
    await tts.synthesize('Hello.', 'en');
    for (let round = 0; round < ROUNDS; round++) {
      for (const [text, language] of SENTENCES) {
        const t0 = performance.now();
        await tts.synthesize(text, language);
        tts_ms.push(performance.now() - t0);
      }
    }
    tts_ms.sort((x, y) => x - y);
    report('tts_ms_per_sentence', percentile(tts_ms, 50), 'ms');
  },
};

export default bench;
