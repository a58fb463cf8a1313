// The conversation loop on the simulator's in-process ROS graph with synthesized speech: real Silero
// VAD, the pocketsphinx wake word and recogniser, espeak-ng for the robot's voice.
import { describe, it, expect, afterEach } from '@jest/globals';
import { pino } from 'pino';
import { MESSAGE_TYPES, robotNames, type AudioChunk, type Utterance } from '../../robot/index.js';
import { RosGraph } from '../../sim/rosbridge/index.js';
import { until } from '../../test/until.js';
import { chunksOf, concatPcm, EspeakSynthesizer, pcmToChunk, type Pcm } from '../index.js';
import { PocketsphinxWakeWord, startListening, type ListenBinding } from '../listen/index.js';
import { attachRecognition, attachSpeaker, createSpeechRecognition, speechTestRandom, synthesizeUtterance } from '../speech/index.js';
import type { SpeechLanguage } from '../tts/synthesizer.js';
import { LOOP_PHRASES, startConversation, type ConversationEvent, type ConversationLoop } from './index.js';

const ROBOT = 'robot_1';
const names = robotNames(ROBOT);
const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: `${ROBOT}/microphone` };
const tts = new EspeakSynthesizer();
let seed = 1;
const spoken = (text: string, language: SpeechLanguage = 'en', padS: [number, number] = [0.5, 1.5]) =>
  synthesizeUtterance(tts, text, language, speechTestRandom(seed++), { noiseDbfs: -45, speechDbfs: -22, padS });

const open: { listen: ListenBinding; loop: ConversationLoop; speaker: { destroy(): void } }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.loop.close();
    o.speaker.destroy();
    await o.listen.close();
  }
});

async function rig(opts: { language?: SpeechLanguage; bargeIn?: boolean } = {}) {
  const graph = new RosGraph({ logger: pino({ level: 'silent' }) });
  const robotNode = graph.createNode(`/${ROBOT}/conversation`);
  const mic = graph.createNode('/mic_driver').createPublisher<AudioChunk>(names.microphone, MESSAGE_TYPES.microphone);
  const watcher = graph.createNode('/watcher');
  const heard: Utterance[] = [];
  const speakerChunks: AudioChunk[] = [];
  watcher.createSubscription<Utterance>(names.patientSpeech, MESSAGE_TYPES.patientSpeech, (u) => heard.push(u));
  watcher.createSubscription<AudioChunk>(names.speaker, MESSAGE_TYPES.speaker, (c) => speakerChunks.push(c));
  const log = pino({ level: 'silent' });
  const stamp = () => ({ sec: 1, nanosec: 0 });
  const listen = await startListening(robotNode, { robot: ROBOT, log, stamp, wakeWord: () => PocketsphinxWakeWord.start() });
  const { router } = createSpeechRecognition({ env: {} });
  const recognition = attachRecognition(robotNode, ROBOT, { recognizer: router, stamp });
  const speaker = attachSpeaker(robotNode, ROBOT, { synthesizer: tts, stamp, sampleRate: 16_000, bargeInFromTopic: false });
  const events: ConversationEvent[] = [];
  const loop = startConversation({ listen, recognition, speaker, log, language: () => opts.language ?? 'en', onEvent: (e) => events.push(e), ...(opts.bargeIn === false ? { bargeIn: false } : {}) });
  open.push({ listen, loop, speaker });
  const play = (pcm: Pcm) => { for (const c of chunksOf(pcm, 100)) mic.publish(pcmToChunk(c, header)); };
  /** As a microphone delivers it: one 100 ms chunk every 100 ms. */
  const playLive = async (pcm: Pcm) => {
    for (const c of chunksOf(pcm, 100)) {
      mic.publish(pcmToChunk(c, header));
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const settle = async () => { await listen.settled(); await loop.settled(); };
  const said = (purpose: string) => events.filter((e): e is Extract<ConversationEvent, { type: 'said' }> => e.type === 'said' && e.purpose === purpose);
  return { listen, loop, speaker, events, heard, speakerChunks, play, playLive, settle, said };
}

describe('the conversation loop on the in-process graph', () => {
  it('recognises the answer to a question with its hint and publishes it, with no wake word', async () => {
    const r = await rig();
    r.loop.expectAnswer({ hint: { kind: 'scale' }, questionId: 'pain', language: 'en' });
    r.play(await spoken("I think it's a four"));
    await r.settle();
    await until('the answer published', () => r.heard.length > 0, 30_000);
    expect(r.heard[0]).toMatchObject({ text: "i think it's a four", language: 'en', source: 'speech' });
    // The question is answered: the next words need the wake phrase again.
    r.play(await spoken('I would like some water please'));
    await r.settle();
    expect(r.heard).toHaveLength(1);
    expect(r.events.filter((e) => e.type === 'ignored').map((e) => (e as { reason: string }).reason)).toEqual(['no-wake-word']);
  }, 60_000);

  it('ignores speech without the wake word, and after "hello robot" says "Yes?" and publishes the request', async () => {
    const r = await rig();
    r.play(await spoken('I need a nurse'));
    await r.settle();
    expect(r.heard).toEqual([]);
    expect(r.events.some((e) => e.type === 'ignored' && e.reason === 'no-wake-word')).toBe(true);

    r.play(await spoken('hello robot'));
    await r.settle();
    await until('the robot acknowledges the wake phrase', () => r.said('listening').length === 1, 20_000);
    expect(r.said('listening')[0]).toMatchObject({ text: LOOP_PHRASES.en.listening, language: 'en' });
    await until('the acknowledgement played on the speaker topic', () => r.speakerChunks.length > 0, 10_000);
    // The request comes after the robot's "Yes?" has been said.
    await r.speaker.output.speaking?.done;
    r.play(await spoken('I need a nurse'));
    await r.settle();
    await until('the request published', () => r.heard.length === 1, 30_000);
    expect(r.heard[0]).toMatchObject({ text: 'i need a nurse', language: 'en', source: 'speech' });
  }, 60_000);

  it('takes "hello robot, I need a nurse" said in one breath as the request, with no "Yes?"', async () => {
    const r = await rig();
    r.play(await spoken('hello robot, I need a nurse'));
    await r.settle();
    await until('the request published', () => r.heard.length === 1, 30_000);
    expect(r.heard[0]).toMatchObject({ text: 'i need a nurse', language: 'en', source: 'speech' });
    expect(r.said('listening')).toEqual([]);
  }, 60_000);

  it('says it did not catch speech it could not understand, and keeps listening', async () => {
    const r = await rig();
    r.loop.expectAnswer({ hint: { kind: 'yes_no' }, questionId: 'nausea', language: 'en' });
    r.play(await spoken('the purple elephant sells umbrellas on tuesday'));
    await r.settle();
    await until('the robot says so', () => r.said('not-understood').length === 1, 30_000);
    expect(r.said('not-understood')[0]).toMatchObject({ text: 'Sorry, I did not catch that. You can also touch your answer on the screen.', language: 'en' });
    expect(r.heard).toEqual([]);
    await r.speaker.output.speaking?.done;
    r.play(await spoken('no'));
    await r.settle();
    await until('the second try published', () => r.heard.length === 1, 30_000);
    expect(r.heard[0]).toMatchObject({ text: 'no', source: 'speech' });
  }, 60_000);

  it('says plainly it cannot understand spoken Mandarin here and points to the screen, publishing nothing', async () => {
    const r = await rig({ language: 'zh-CN' });
    r.loop.expectAnswer({ hint: { kind: 'yes_no' }, language: 'zh-CN' });
    r.play(await spoken('没有，谢谢', 'zh-CN'));
    await r.settle();
    await until('the robot says it cannot understand', () => r.said('language-not-served').length === 1, 30_000);
    const line = r.said('language-not-served')[0]!;
    expect(line.language).toBe('zh-CN');
    expect(line.text).toContain('听不懂中文');
    expect(line.text).toContain('屏幕');
    expect(r.events.find((e) => e.type === 'recognised')).toMatchObject({ result: { outcome: 'language_not_served' } });
    expect(r.heard).toEqual([]);
    await until('said aloud on the speaker topic', () => r.speakerChunks.length > 0, 10_000);
  }, 60_000);

  it('does not take speech heard while the robot talks on (barge-in off) for the patient\'s: no echo cancellation', async () => {
    const r = await rig({ bargeIn: false });
    r.loop.expectAnswer({ hint: { kind: 'yes_no' }, language: 'en' });
    const speaking = r.loop.say('Good morning. I am the ward robot, and I will ask you a few questions about how you feel today, one at a time, so please take your time.', 'en');
    await until('the robot is talking', () => r.speakerChunks.length > 3, 10_000);
    await r.playLive(await spoken('no', 'en', [0.2, 1]));
    await r.settle();
    expect(speaking.progress()).toBeLessThan(1);
    expect(r.events.filter((e) => e.type === 'ignored').map((e) => (e as { reason: string }).reason)).toEqual(['own-voice']);
    expect(r.heard).toEqual([]);
    speaking.stop();
  }, 60_000);

  it('stops the robot\'s speech the moment the patient starts to speak', async () => {
    const r = await rig();
    const speaking = r.loop.say('Good morning. I am the ward robot, and I will ask you a few questions about how you feel today, one at a time.', 'en');
    await until('the robot is talking', () => r.speakerChunks.length > 3, 10_000);
    r.play(concatPcm([await spoken('excuse me', 'en', [0.3, 1])]));
    const end = await speaking.done;
    expect(end.status).toBe('interrupted');
    expect(end.progress).toBeLessThan(0.9);
    expect(r.events.some((e) => e.type === 'barge-in')).toBe(true);
    const chunksAtStop = r.speakerChunks.length;
    await new Promise((res) => setTimeout(res, 300));
    expect(r.speakerChunks.length).toBe(chunksAtStop);
  }, 60_000);
});
