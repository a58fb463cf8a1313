// The OpenAI-compatible transcription adapter against a real HTTP server on 127.0.0.1 that reads the
// multipart upload the way whisper.cpp's server does and checks it holds a 16 kHz WAV and the language.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silence, SPEECH_RATE, type Pcm } from '../audio/pcm.js';
import { parseWav } from '../audio/wav.js';
import { addNoise } from '../audio/mix.js';
import { SpeechConfigError, SpeechRecognitionError } from './recognizer.js';
import { seededRandom } from './synthetic-speech.js';
import { transcriptionConfigFromEnv, TranscriptionServerRecognizer } from './transcription-server.js';

interface Part { name: string; filename?: string; type?: string; body: Buffer }
interface Received { path: string; auth?: string; parts: Map<string, Part>; wav?: Pcm }

/** Reads multipart/form-data by its boundary, byte-safe. */
function parseMultipart(body: Buffer, contentType: string): Map<string, Part> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = new Map<string, Part>();
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(delimiter, headEnd);
    if (headEnd < 0 || next < 0) throw new Error('truncated multipart body');
    const head = body.subarray(start + 2, headEnd).toString();
    const name = /name="([^"]+)"/.exec(head)?.[1];
    if (!name) throw new Error(`part without a name: ${head}`);
    const filename = /filename="([^"]+)"/.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    parts.set(name, { name, ...(filename ? { filename } : {}), ...(type ? { type } : {}), body: body.subarray(headEnd + 4, next - 2) });
    at = next;
  }
  return parts;
}

const random = seededRandom(9);
const speechLike = (seconds: number): Pcm => addNoise(silence(seconds, 22_050), -25, random);

describe('OpenAI-compatible /v1/audio/transcriptions', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  let reply: (req: Received, res: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { path: req.url ?? '', parts: new Map(), ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) };
        try {
          r.parts = parseMultipart(Buffer.concat(chunks), req.headers['content-type'] ?? '');
          const file = r.parts.get('file');
          if (file) r.wav = parseWav(file.body);
        } catch (e) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `bad upload: ${(e as Error).message}` } }));
          return;
        }
        received.push(r);
        reply(r, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const json = (status: number, body: unknown) => (_: Received, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  it('uploads a 16 kHz mono WAV with model, language and response format, and returns the text in our language tag', async () => {
    reply = (r, res) => json(200, { text: r.parts.get('language')?.body.toString() === 'zh' ? ' 不痛。 ' : 'seven out of ten' })(r, res);
    const asr = new TranscriptionServerRecognizer({ url: base, model: 'whisper-large-v3', apiKey: 'sk-test-123' });
    const zh = await asr.recognize(speechLike(1.2), 'zh-CN', { hint: { kind: 'scale' } });
    expect(zh).toEqual({ outcome: 'heard', text: '不痛。', language: 'zh-CN', confidence: 0.8, engine: `whisper-large-v3 at ${base}` });
    const req = received.at(-1)!;
    expect(req.path).toBe('/v1/audio/transcriptions');
    expect(req.auth).toBe('Bearer sk-test-123');
    expect(req.parts.get('file')).toMatchObject({ filename: 'utterance.wav', type: 'audio/wav' });
    expect(req.wav!.sampleRate).toBe(SPEECH_RATE);
    expect(req.wav!.samples.length).toBeGreaterThan(SPEECH_RATE * 1.1);
    expect(req.parts.get('model')!.body.toString()).toBe('whisper-large-v3');
    expect(req.parts.get('language')!.body.toString()).toBe('zh');
    expect(req.parts.get('response_format')!.body.toString()).toBe('json');
    expect(req.parts.get('prompt')!.body.toString()).toMatch(/0到10/);

    const en = await asr.recognize(speechLike(1), 'en-GB', { hint: { kind: 'choice', choices: ['well', 'poorly'] } });
    expect(en).toMatchObject({ outcome: 'heard', text: 'seven out of ten', language: 'en' });
    expect(received.at(-1)!.parts.get('language')!.body.toString()).toBe('en');
    expect(received.at(-1)!.parts.get('prompt')!.body.toString()).toBe('well, poorly');
    // The key is a secret: never in the name that goes to logs.
    expect(asr.name).not.toContain('sk-test');
  });

  it('accepts the base URL with /v1 or the full path, and reads whisper\'s own confidence from verbose_json', async () => {
    reply = json(200, { text: 'yes', segments: [{ avg_logprob: Math.log(0.9), no_speech_prob: 0.1 }, { avg_logprob: Math.log(0.7), no_speech_prob: 0 }] });
    for (const url of [`${base}/v1`, `${base}/v1/audio/transcriptions`, `${base}/`]) {
      const asr = new TranscriptionServerRecognizer({ url, model: 'm', responseFormat: 'verbose_json' });
      const r = await asr.recognize(speechLike(0.8), 'en');
      expect(r).toMatchObject({ outcome: 'heard', text: 'yes' });
      expect((r as { confidence: number }).confidence).toBeCloseTo((0.9 * 0.9 + 0.7) / 2, 5);
      expect(received.at(-1)!.path).toBe('/v1/audio/transcriptions');
      expect(received.at(-1)!.parts.get('response_format')!.body.toString()).toBe('verbose_json');
    }
  });

  it('sends nothing for silence (whisper invents words for it) and says so; an empty reply is not understood', async () => {
    const asr = new TranscriptionServerRecognizer({ url: base, model: 'm' });
    const before = received.length;
    expect(await asr.recognize(silence(2), 'en')).toMatchObject({ outcome: 'not_understood', reason: 'no speech in the audio' });
    expect(received.length).toBe(before);
    reply = json(200, { text: '  ' });
    expect(await asr.recognize(speechLike(1), 'en')).toMatchObject({ outcome: 'not_understood', reason: 'the server heard no words' });
  });

  it('says which languages it was configured for', async () => {
    const asr = new TranscriptionServerRecognizer({ url: base, model: 'm', languages: ['en'] });
    expect(asr.serves('zh-CN')).toBe(false);
    expect(await asr.recognize(speechLike(1), 'zh-CN')).toMatchObject({ outcome: 'language_not_served', language: 'zh-CN' });
    expect(await asr.recognize(speechLike(1), 'fr')).toMatchObject({ outcome: 'language_not_served', language: 'fr' });
  });

  it('reports the HTTP status and the server\'s own message, and what to check', async () => {
    const asr = new TranscriptionServerRecognizer({ url: base, model: 'm' });
    reply = json(500, { error: { message: 'model not loaded', type: 'server_error' } });
    await expect(asr.recognize(speechLike(1), 'en')).rejects.toThrow(/HTTP 500: model not loaded/);
    reply = json(401, { error: { message: 'Incorrect API key provided' } });
    await expect(asr.recognize(speechLike(1), 'en')).rejects.toThrow(/HTTP 401: Incorrect API key provided \(check WARD_ASR_API_KEY\)/);
    reply = (_, res) => { res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'); };
    await expect(asr.recognize(speechLike(1), 'en')).rejects.toThrow(/HTTP 404: Not Found \(check WARD_ASR_URL/);
    reply = (_, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'); };
    await expect(asr.recognize(speechLike(1), 'en')).rejects.toThrow(/no "text" field .*<html>hello/);
  });

  it('gives up after its timeout, stops at once when aborted, and names an unreachable server', async () => {
    reply = () => undefined; // never answers
    const slow = new TranscriptionServerRecognizer({ url: base, model: 'm', timeoutMs: 300 });
    await expect(slow.recognize(speechLike(1), 'en')).rejects.toThrow(/no answer within 300 ms \(WARD_ASR_TIMEOUT_MS/);
    const ac = new AbortController();
    const pending = new TranscriptionServerRecognizer({ url: base, model: 'm' }).recognize(speechLike(1), 'en', { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
    await expect(pending).rejects.not.toBeInstanceOf(SpeechRecognitionError);

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(new TranscriptionServerRecognizer({ url: `http://127.0.0.1:${port}`, model: 'm' }).recognize(speechLike(1), 'en'))
      .rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/audio\/transcriptions \(ECONNREFUSED\); is the server running\? \(WARD_ASR_URL\)/);
  });

  it('reads WARD_ASR_* and names a bad value', () => {
    expect(transcriptionConfigFromEnv({})).toBeUndefined();
    expect(transcriptionConfigFromEnv({ WARD_ASR_URL: 'http://edge:8080', WARD_ASR_API_KEY: 'k', WARD_ASR_TIMEOUT_MS: '5000', WARD_ASR_LANGUAGES: 'zh, en-US' }))
      .toEqual({ url: 'http://edge:8080', model: 'whisper-1', apiKey: 'k', timeoutMs: 5000, languages: ['zh-CN', 'en'] });
    expect(() => transcriptionConfigFromEnv({ WARD_ASR_URL: 'http://x', WARD_ASR_TIMEOUT_MS: 'soon' })).toThrow(/WARD_ASR_TIMEOUT_MS: "soon"/);
    expect(() => transcriptionConfigFromEnv({ WARD_ASR_URL: 'http://x', WARD_ASR_LANGUAGES: 'en,fr' })).toThrow(/WARD_ASR_LANGUAGES: "fr"/);
    expect(() => new TranscriptionServerRecognizer({ url: 'edge box', model: 'm' })).toThrow(SpeechConfigError);
    expect(() => new TranscriptionServerRecognizer({ url: 'ftp://edge', model: 'm' })).toThrow(/must be http or https/);
    expect(() => new TranscriptionServerRecognizer({ url: base, model: ' ' })).toThrow(/model: /);
  });
});
