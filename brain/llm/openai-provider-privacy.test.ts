// What leaves the brain for an off-site model: the raw bodies the server received, searched for every
// identifier of every clinic patient, over a two-turn conversation with tool calls and tool results.
import { describe, it, expect, afterEach } from '@jest/globals';
import { loadWard, type Patient } from '../../robot/index.js';
import { CLINIC_WARD_FILE } from '../../sim/index.js';
import { startFakeModelServer, textReply, toolCallReply, type FakeModelServer } from '../../test/fake-model-server.js';
import { OpenAiCompatibleProvider } from './openai-provider.js';
import { createRedactor, identitiesOf } from './privacy.js';
import { ModelError, type ChatMessage, type ToolDefinition } from './types.js';

const patients: Patient[] = loadWard(CLINIC_WARD_FILE).people.patients;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

let server: FakeModelServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every identifier of every patient found in a body as received. */
function identifiersIn(raw: string): string[] {
  const found: string[] = [];
  for (const p of patients) {
    for (const part of p.name.split(' ')) if (new RegExp(`(?<![\\p{L}])${escape(part)}(?![\\p{L}])`, 'iu').test(raw)) found.push(`${p.name}: ${part}`);
    for (const zh of p.otherNames) if (raw.includes(zh)) found.push(zh);
    for (const id of [p.recordNumber, p.wristband]) if (raw.includes(id.replace(/\D/g, ''))) found.push(id);
    if (raw.includes(p.birthDate.slice(0, 4))) found.push(p.birthDate);
  }
  return found;
}

function roster(): string {
  return patients.map((p) => {
    const [y, m, d] = p.birthDate.split('-') as [string, string, string];
    return `- ${p.name}${p.otherNames.length ? ` (${p.otherNames.join(', ')})` : ''}, ${p.recordNumber}, wristband ${p.wristband}, born ${Number(d)} ${MONTHS[Number(m) - 1]} ${y}, ${p.bed}`;
  }).join('\n');
}

const DELIVER: ToolDefinition = {
  type: 'function',
  function: {
    name: 'deliver_medication',
    description: 'Deliver a medication order to a patient (by record number).',
    parameters: { type: 'object', properties: { patient: { type: 'string' }, note: { type: 'string' } }, required: ['patient'] },
  },
};

describe('OpenAiCompatibleProvider off site', () => {
  it('refuses without a redactor before anything reaches the server', async () => {
    server = await startFakeModelServer([textReply('never')]);
    const provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: 'cloud-model', site: 'off_site' });
    const error = await provider.chat({ purpose: 'plan', messages: [{ role: 'user', content: 'Take insulin to Wang Guoqiang' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('privacy');
    expect((error as ModelError).message).toBe(`the model endpoint ${server.baseUrl} is off site: requests to it need a redactor so no patient identifier leaves the hospital`);
    expect(server.requests).toEqual([]);
  });

  it('sends no patient identifier over two turns, and restores them in the reply and the next-turn message', async () => {
    server = await startFakeModelServer([
      // The roster names Wang Guoqiang first, so his tokens are number 1.
      toolCallReply([{ name: 'deliver_medication', id: 'call_1', arguments: { patient: '[MRN_1]', note: 'for [PATIENT_1], born [DOB_1], band [WRISTBAND_1]; not [PATIENT_99]' } }], { content: 'Delivering to [PATIENT_1].' }),
      textReply('Done: [PATIENT_1] ([MRN_1]) has the insulin. [PATIENT_1]您好。'),
    ]);
    const provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: 'cloud-model', site: 'off_site', retries: 0 });
    const redactor = createRedactor(identitiesOf(patients), { today: '2026-11-23' });
    const first = patients[0]!;
    const last = patients.at(-1)!;
    const messages: ChatMessage[] = [
      { role: 'system', content: `You plan ward robot tasks. Patients on the ward:\n${roster()}` },
      { role: 'user', content: `Nurse: take insulin to ${first.name.toUpperCase()} (record ${first.recordNumber.toLowerCase()}), DOB ${first.birthDate.split('-').reverse().join('/')}.` },
      { role: 'assistant', content: `Is that ${first.otherNames[0]}, wristband ${first.wristband}?`, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'deliver_medication', arguments: JSON.stringify({ patient: last.recordNumber, note: `${last.name} ${last.otherNames[0]}` }) } }] },
      { role: 'tool', tool_call_id: 'call_0', content: JSON.stringify({ refused: `${last.name} has no active order`, born: last.birthDate, record: Number(last.recordNumber.replace(/\D/g, '')) }) },
      { role: 'user', content: [{ type: 'text', text: `是${first.otherNames[0]}，生日${first.birthDate.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}。` }] },
    ];

    const reply = await provider.chat({ purpose: 'plan', messages, tools: [DELIVER], toolChoice: 'auto', redactor });
    const sent1 = server.completions()[0]!.raw;
    expect(identifiersIn(sent1)).toEqual([]);
    expect(sent1).toContain('[PATIENT_1]');
    expect(sent1).toContain('[MRN_1]');
    // Tool definitions are the brain's own text and go as they are.
    expect((server.completions()[0]!.body as { tools: unknown }).tools).toEqual([DELIVER]);

    expect(reply.content).toBe(`Delivering to ${first.name}.`);
    expect(reply.toolCalls).toEqual([{
      id: 'call_1', name: 'deliver_medication', error: null,
      arguments: { patient: first.recordNumber, note: `for ${first.name}, born ${first.birthDate}, band ${first.wristband}; not [PATIENT_99]` },
    }]);
    expect(reply.message.content).toBe(`Delivering to ${first.name}.`);
    expect(JSON.parse(reply.message.tool_calls![0]!.function.arguments)).toEqual(reply.toolCalls[0]!.arguments);

    const second = await provider.chat({
      purpose: 'plan',
      messages: [...messages, reply.message, { role: 'tool', tool_call_id: 'call_1', content: `delivered to ${first.name} (${first.recordNumber})` }],
      tools: [DELIVER],
      redactor,
    });
    const sent2 = server.completions()[1]!.raw;
    expect(identifiersIn(sent2)).toEqual([]);
    // The restored history went out as the same tokens it came back with; the token the model invented
    // is defanged, so it can never alias a token issued later.
    const history = (server.completions()[1]!.body as { messages: ChatMessage[] }).messages;
    expect(history[5]).toEqual({
      role: 'assistant', content: 'Delivering to [PATIENT_1].',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'deliver_medication', arguments: JSON.stringify({ patient: '[MRN_1]', note: 'for [PATIENT_1], born [DOB_1], band [WRISTBAND_1]; not ［PATIENT_99］' }) } }],
    });
    expect(history[6]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'delivered to [PATIENT_1] ([MRN_1])' });
    expect(second.content).toBe(`Done: ${first.name} (${first.recordNumber}) has the insulin. ${first.otherNames[0]}您好。`);
  });

  it('redacts for an on-site endpoint too when the caller gives a redactor', async () => {
    server = await startFakeModelServer([textReply('ok')]);
    const provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: 'local', retries: 0 });
    expect(provider.info.site).toBe('on_site');
    await provider.chat({ purpose: 'dialogue', messages: [{ role: 'user', content: 'Elizabeth Turner, MRN-200003' }], redactor: createRedactor(identitiesOf(patients)) });
    expect((server.completions()[0]!.body as { messages: unknown }).messages).toEqual([{ role: 'user', content: '[PATIENT_1], [MRN_1]' }]);
  });
});
