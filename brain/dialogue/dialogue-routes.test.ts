import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { AccountService, installAuth, TEST_ONLY_SCRYPT } from '../auth/index.js';
import { buildTestApp } from '../auth/test-support.js';
import { makeRig, WANG, type Rig } from './dialogue-fakes.js';
import { DialogueManager } from './dialogue-manager.js';
import { HIDDEN, registerDialogueRoutes, type WireTurn } from './dialogue-routes.js';

const PASSWORD = 'ward-seven-rounds';
type ErrorBody = { errors: { category: string; detail: string }[] };

describe('dialogue routes', () => {
  let rig: Rig;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const pseudonymOf = (mrn: string) => `P-${mrn.slice(-4)}`;

  beforeAll(async () => {
    rig = await makeRig();
    const accounts = new AccountService(rig.db, { clock: rig.clock, audit: rig.audit, scrypt: TEST_ONLY_SCRYPT });
    await accounts.createAccount({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], password: PASSWORD });
    await accounts.createAccount({ username: 'eng.wu', name: 'Wu Lei', roles: ['engineer'], password: PASSWORD });
    for (const u of ['nurse.li', 'eng.wu']) tokens[u] = (await accounts.login(u, PASSWORD)).token;
    app = buildTestApp();
    installAuth(app, accounts);
    registerDialogueRoutes(app, {
      dialogue: new DialogueManager(rig.deps), turns: rig.turns, pseudonymOf, robotExists: (r) => r === 'robot_1' || r === 'robot_2',
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rig.db.close();
  });

  const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
  const say = (user: string, payload: object) => app.inject({ method: 'POST', url: '/api/dialogue/utterances', headers: as(user), payload });

  it('answers a turn to signed-in staff, with its sources; the typist is the source', async () => {
    const res = await say('nurse.li', { robot: 'robot_1', text: 'What is metformin for?' });
    expect(res.statusCode).toBe(200);
    const { turn } = res.json<{ turn: WireTurn }>();
    expect(turn).toMatchObject({
      robot: 'robot_1', patient: WANG.recordNumber, bed: 'bed_3', utterance: 'What is metformin for?', language: 'en', source: 'staff:nurse.li',
      intent: 'question', detail: 'medicine_purpose', red_flags: [], mode: 'deterministic', model_verdict: null, alert_ids: [], spoken: true,
      sources: [{ id: 'record:order:MR-2001', title: { en: 'Medication order MR-2001', 'zh-CN': '医嘱 MR-2001' } }],
    });
    expect(turn.reply?.text).toMatch(/^Your record lists metformin/);
  });

  it('hides a patient\'s words and identity from engineers, but not words said where no patient is', async () => {
    const res = await say('eng.wu', { robot: 'robot_1', text: '我想喝水', language: 'zh-CN' });
    const { turn } = res.json<{ turn: WireTurn }>();
    expect(turn).toMatchObject({ patient: pseudonymOf(WANG.recordNumber), utterance: HIDDEN, reply: { text: HIDDEN, language: 'zh-CN' }, intent: 'nurse_call', detail: 'water' });
    const away = (await say('eng.wu', { robot: 'robot_2', text: 'hello' })).json<{ turn: WireTurn }>().turn;
    expect(away).toMatchObject({ patient: null, utterance: 'hello', reply: { text: expect.stringMatching(/^Hello/) } });
  });

  it('refuses bad requests with the field named', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/dialogue/utterances', payload: { robot: 'robot_1', text: 'hi' } })).statusCode).toBe(401);
    const unknown = await say('nurse.li', { robot: 'robot_9', text: 'hi' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorBody>().errors[0]?.detail).toBe('no robot named "robot_9"');
    const long = await say('nurse.li', { robot: 'robot_1', text: 'x'.repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.json<ErrorBody>().errors[0]?.detail).toMatch(/text/);
    const blank = await say('nurse.li', { robot: 'robot_1', text: '   ' });
    expect(blank.json<ErrorBody>().errors).toEqual([{ code: 1, category: 'invalid_request', detail: 'body.text: must be non-empty text' }]);
    expect((await say('nurse.li', { robot: 'robot_1', text: 'hi', language: 'fr' })).statusCode).toBe(400);
    expect((await say('nurse.li', { robot: 'robot_1', text: 'hi', drawer: 3 })).statusCode).toBe(400);
  });

  it('lists turns newest first: whole for clinical staff, pseudonymised for engineers, filtered by robot or patient', async () => {
    const get = (user: string, query = '') => app.inject({ method: 'GET', url: `/api/dialogue/turns${query}`, headers: as(user) });
    const forNurse = (await get('nurse.li', `?patient=${WANG.recordNumber}`)).json<{ turns: WireTurn[] }>().turns;
    expect(forNurse.map((t) => t.utterance)).toEqual(['我想喝水', 'What is metformin for?']);
    const forEngineer = (await get('eng.wu', `?patient=${pseudonymOf(WANG.recordNumber)}`)).json<{ turns: WireTurn[] }>().turns;
    expect(forEngineer.map((t) => [t.patient, t.utterance])).toEqual([[pseudonymOf(WANG.recordNumber), HIDDEN], [pseudonymOf(WANG.recordNumber), HIDDEN]]);
    expect(forEngineer[1]?.sources.map((s) => s.id)).toEqual(['record:order:MR-2001']);
    // A real record number is no filter for someone who may not see it.
    expect((await get('eng.wu', `?patient=${WANG.recordNumber}`)).json<{ turns: WireTurn[] }>().turns).toEqual([]);
    expect((await get('nurse.li', '?robot=robot_2')).json<{ turns: WireTurn[] }>().turns.map((t) => t.utterance)).toEqual(['hello']);
    expect((await get('nurse.li', '?limit=1')).json<{ turns: WireTurn[] }>().turns).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/api/dialogue/turns' })).statusCode).toBe(401);
  });
});
