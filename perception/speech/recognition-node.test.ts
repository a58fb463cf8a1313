// What the patient said reaches /<robot>/patient_speech (where AskQuestion takes its answer) only when
// it was understood; Mandarin without a recogniser and coughs publish nothing.
import { describe, it, expect } from '@jest/globals';
import { MESSAGE_TYPES, robotNames, type Utterance } from '../../robot/index.js';
import { RosGraph } from '../../sim/rosbridge/index.js';
import { captureLog } from '../../sim/rosbridge/test-support.js';
import { until } from '../../test/until.js';
import { addNoise } from '../audio/mix.js';
import { silence } from '../audio/pcm.js';
import { EspeakSynthesizer } from '../tts/espeak.js';
import { hintFromAskGoal, type Recognition } from './recognizer.js';
import { SpeechRouter } from './router.js';
import { attachRecognition } from './speech-nodes.js';
import { seededRandom, synthesizeUtterance } from './synthetic-speech.js';

describe('the recognition node', () => {
  it('publishes an understood answer as an Utterance and nothing for what it did not understand', async () => {
    const graph = new RosGraph({ logger: captureLog().logger });
    const heard: Utterance[] = [];
    graph.createNode('/test_listener').createSubscription<Utterance>(robotNames('robot_1').patientSpeech, MESSAGE_TYPES.patientSpeech, (m) => heard.push(m));
    const results: Recognition[] = [];
    const node = attachRecognition(graph.createNode('/robot_1/speech_recognition'), 'robot_1', {
      recognizer: new SpeechRouter(), stamp: () => ({ sec: 12, nanosec: 5 }), onResult: (r) => results.push(r),
    });
    const tts = new EspeakSynthesizer();
    const random = seededRandom(31);

    // The AskQuestion goal of the round's pain question gives the hint.
    const { hint, questionId } = hintFromAskGoal({ kind: 1, question_id: 'pain', choices: [] });
    const r = await node.hear(await synthesizeUtterance(tts, "I think it's a four", 'en', random), 'en', { hint, ...(questionId ? { questionId } : {}) });
    expect(r).toMatchObject({ outcome: 'heard', text: "i think it's a four" });
    await until('the utterance', () => heard.length === 1, 5_000);
    expect(heard[0]).toMatchObject({ header: { stamp: { sec: 12, nanosec: 5 }, frame_id: 'robot_1/microphone' }, text: "i think it's a four", language: 'en', source: 'speech' });
    expect(heard[0]!.confidence).toBeGreaterThan(0);
    expect(graph.interfaces.validate(MESSAGE_TYPES.patientSpeech, heard[0], { wire: true })).toEqual({ ok: true });

    expect(await node.hear(await synthesizeUtterance(tts, '不痛', 'zh-CN', random), 'zh-CN', { hint })).toMatchObject({ outcome: 'language_not_served' });
    expect(await node.hear(addNoise(silence(1), -22, random), 'en', { hint })).toMatchObject({ outcome: 'not_understood' });
    await new Promise((res) => setTimeout(res, 50));
    expect(heard).toHaveLength(1);
    expect(results.map((x) => x.outcome)).toEqual(['heard', 'language_not_served', 'not_understood']);
    node.destroy();
  });
});
