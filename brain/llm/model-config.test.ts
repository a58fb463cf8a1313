import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkModelOptions, createModel, ModelConfigError, modelOptionsFromEnv, type ModelOptions } from './model-config.js';
import { OpenAiCompatibleProvider } from './openai-provider.js';
import { defaultSite } from './site.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ward-model-config-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** The ModelConfigError a call throws. */
function configError(fn: () => unknown): ModelConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelConfigError) return e;
    throw e;
  }
  throw new Error('expected a ModelConfigError');
}

describe('checkModelOptions', () => {
  it('fills defaults and judges the site from the host', () => {
    expect(checkModelOptions({ baseUrl: 'http://127.0.0.1:8000/v1/', model: 'Qwen/Qwen2.5-7B-Instruct' })).toEqual({
      baseUrl: 'http://127.0.0.1:8000/v1', model: 'Qwen/Qwen2.5-7B-Instruct', timeoutMs: 30_000, retries: 2, site: 'on_site', vision: false, edgeOnly: false,
    });
    expect(checkModelOptions({ baseUrl: 'https://api.example.com/v1', model: 'm' }).site).toBe('off_site');
  });

  it('lets an explicit site win either way', () => {
    expect(checkModelOptions({ baseUrl: 'https://llm.hospital.example.org/v1', model: 'm', site: 'on_site' }).site).toBe('on_site');
    expect(checkModelOptions({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', site: 'off_site' }).site).toBe('off_site');
  });

  it.each([
    [{ model: 'm' }, 'model.baseUrl', 'is missing; give the server URL before /chat/completions, e.g. http://127.0.0.1:8000/v1'],
    [{ baseUrl: 'http://h/v1' }, 'model.model', 'is missing; give the model name the server knows, e.g. Qwen/Qwen2.5-7B-Instruct or qwen2.5:7b'],
    [{ baseUrl: 'localhost:8000', model: 'm' }, 'model.baseUrl', 'must be an http:// or https:// URL (got localhost:)'],
    [{ baseUrl: 'not a url', model: 'm' }, 'model.baseUrl', '"not a url" is not a URL; give e.g. http://127.0.0.1:8000/v1'],
    [{ baseUrl: 'http://u:secret@h/v1', model: 'm' }, 'model.baseUrl', 'must not carry a user name or password; put the key in apiKey or apiKeyEnv'],
    [{ baseUrl: 'http://h:8000/v1/chat/completions', model: 'm' }, 'model.baseUrl', 'give the base URL without /chat/completions: http://h:8000/v1'],
    [{ baseUrl: 'http://h/v1', model: ' ' }, 'model.model', 'must be the model name the server knows, e.g. qwen2.5:7b (got " ")'],
    [{ baseUrl: 'http://h/v1', model: 'm', timeoutMs: 50 }, 'model.timeoutMs', 'must be a whole number of milliseconds from 100 to 600000 (got 50)'],
    [{ baseUrl: 'http://h/v1', model: 'm', retries: 1.5 }, 'model.retries', 'must be a whole number of retries from 0 to 10 (got 1.5)'],
    [{ baseUrl: 'http://h/v1', model: 'm', site: 'cloud' }, 'model.site', 'must be on_site or off_site (got "cloud")'],
    [{ baseUrl: 'http://h/v1', model: 'm', vision: 'yes' }, 'model.vision', 'must be true or false (got "yes")'],
    [{ baseUrl: 'http://h/v1', model: 'm', base_url: 'x' }, 'model.base_url', 'unknown field; did you mean baseUrl?'],
    [{ baseUrl: 'http://h/v1', model: 'm', temperature: 0 }, 'model.temperature', 'unknown field; the fields are baseUrl, model, apiKey, apiKeyEnv, timeoutMs, retries, site, vision, edgeOnly'],
    [{ baseUrl: 'http://h/v1', model: 'm', apiKey: 'k', apiKeyEnv: 'K' }, 'model.apiKey', 'give apiKey or apiKeyEnv, not both'],
    [{ baseUrl: 'http://h/v1', model: 'm', apiKeyEnv: 'MY-KEY' }, 'model.apiKeyEnv', '"MY-KEY" is not an environment variable name'],
    ['http://h/v1', 'model', 'must be an object with at least baseUrl and model'],
  ])('refuses %j naming the field', (input, field, problem) => {
    const e = configError(() => checkModelOptions(input));
    expect([e.field, e.problem, e.message]).toEqual([field, problem, `${field}: ${problem}`]);
  });

  it('names fields under the given place', () => {
    expect(configError(() => checkModelOptions({ model: 'm' }, 'planner.model')).field).toBe('planner.model.baseUrl');
  });
});

describe('modelOptionsFromEnv', () => {
  it('is null when no model is configured', () => {
    expect(modelOptionsFromEnv({})).toBeNull();
    expect(modelOptionsFromEnv({ WARD_EDGE_ONLY: '1', WARD_MODEL_API_KEY: 'k', WARD_MODEL_BASE_URL: ' ' })).toBeNull();
  });

  it('reads every variable', () => {
    expect(modelOptionsFromEnv({
      WARD_MODEL_BASE_URL: 'http://10.1.2.3:11434/v1', WARD_MODEL: 'qwen2.5:7b', WARD_MODEL_API_KEY: 'k', WARD_MODEL_TIMEOUT_MS: '5000',
      WARD_MODEL_RETRIES: '0', WARD_MODEL_SITE: 'off_site', WARD_MODEL_VISION: 'true', WARD_EDGE_ONLY: 'no',
    })).toEqual({
      baseUrl: 'http://10.1.2.3:11434/v1', model: 'qwen2.5:7b', apiKey: 'k', timeoutMs: 5000, retries: 0, site: 'off_site', vision: true, edgeOnly: false,
    });
  });

  it('reads a YAML or JSON file, flat or under model:, with the environment over it', () => {
    const yaml = write('model.yaml', 'model:\n  baseUrl: http://vllm:8000/v1\n  model: Qwen/Qwen2.5-7B-Instruct\n  vision: true\n  timeoutMs: 60000\n');
    expect(modelOptionsFromEnv({ WARD_MODEL_CONFIG: yaml, WARD_MODEL_RETRIES: '4' })).toEqual({
      baseUrl: 'http://vllm:8000/v1', model: 'Qwen/Qwen2.5-7B-Instruct', timeoutMs: 60_000, retries: 4, site: 'on_site', vision: true, edgeOnly: false,
    });
    const json = write('model.json', JSON.stringify({ baseUrl: 'https://api.example.com/v1', model: 'gpt-x', apiKeyEnv: 'CLOUD_KEY', edgeOnly: true }));
    expect(modelOptionsFromEnv({ WARD_MODEL_CONFIG: json, CLOUD_KEY: 'sk-1' })).toEqual({
      baseUrl: 'https://api.example.com/v1', model: 'gpt-x', apiKeyEnv: 'CLOUD_KEY', timeoutMs: 30_000, retries: 2, site: 'off_site', vision: false, edgeOnly: true,
    });
    // A key in the environment replaces the file's apiKeyEnv.
    expect(modelOptionsFromEnv({ WARD_MODEL_CONFIG: json, WARD_MODEL_API_KEY: 'sk-2' })).toMatchObject({ apiKey: 'sk-2' });
  });

  it('names the variable or the file and field that is wrong', () => {
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL: 'm' })).message).toBe('WARD_MODEL_BASE_URL: is missing; give the server URL before /chat/completions, e.g. http://127.0.0.1:8000/v1 (WARD_MODEL is set)');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_BASE_URL: 'http://h/v1' })).field).toBe('WARD_MODEL');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_BASE_URL: 'http://h/v1', WARD_MODEL: 'm', WARD_MODEL_RETRIES: 'two' })).message).toBe('WARD_MODEL_RETRIES: must be a whole number (got "two")');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_BASE_URL: 'http://h/v1', WARD_MODEL: 'm', WARD_MODEL_RETRIES: '99' })).message).toBe('WARD_MODEL_RETRIES: must be a whole number of retries from 0 to 10 (got 99)');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_BASE_URL: 'http://h/v1', WARD_MODEL: 'm', WARD_MODEL_VISION: 'maybe' })).field).toBe('WARD_MODEL_VISION');
    const bad = write('bad.yaml', 'baseUrl: http://h/v1\nmodel: m\ntimeout_ms: 100\n');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_CONFIG: bad })).message).toBe(`${bad}: model.timeout_ms: unknown field; did you mean timeoutMs?`);
    const broken = write('broken.yaml', 'baseUrl: [\n');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_CONFIG: broken })).message).toMatch(/broken\.yaml: \(file\): is neither valid JSON nor YAML/);
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_CONFIG: path.join(dir, 'missing.yaml') })).message).toMatch(/^WARD_MODEL_CONFIG: cannot read .*missing\.yaml: ENOENT$/);
    const keyed = write('keyed.yaml', 'baseUrl: https://api.example.com/v1\nmodel: m\napiKeyEnv: CLOUD_KEY\n');
    expect(configError(() => modelOptionsFromEnv({ WARD_MODEL_CONFIG: keyed })).message).toBe('model.apiKeyEnv: the environment variable CLOUD_KEY is not set; set it to the API key, or remove apiKeyEnv for a server that needs none');
  });
});

describe('createModel', () => {
  const options = (o: Partial<ModelOptions>): ModelOptions => checkModelOptions({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', ...o });

  it('is deterministic with no reason when no model is configured', () => {
    expect(createModel(null)).toEqual({ provider: null, mode: { mode: 'deterministic', model: null, site: null, edgeOnly: false, reason: null } });
  });

  it('makes a provider for a configured model', () => {
    const { provider, mode } = createModel(options({ vision: true, edgeOnly: true }));
    expect(provider).toBeInstanceOf(OpenAiCompatibleProvider);
    expect(provider!.info).toEqual({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', site: 'on_site', vision: true });
    expect(mode).toEqual({ mode: 'model', model: 'qwen', site: 'on_site', edgeOnly: true, reason: null });
  });

  it('refuses an off-site endpoint in edge-only mode, saying why', () => {
    const { provider, mode } = createModel(checkModelOptions({ baseUrl: 'https://api.example.com/v1', model: 'gpt-x', edgeOnly: true }));
    expect(provider).toBeNull();
    expect(mode).toEqual({
      mode: 'deterministic', model: null, site: null, edgeOnly: true,
      reason: 'edge-only: the model endpoint https://api.example.com/v1 is off site; set site: on_site only if it runs on the hospital network',
    });
  });

  it('allows an off-site endpoint outside edge-only mode (the provider then needs a redactor)', () => {
    const { provider, mode } = createModel(checkModelOptions({ baseUrl: 'https://api.example.com/v1', model: 'gpt-x', apiKeyEnv: 'CLOUD_KEY' }), { CLOUD_KEY: 'sk' });
    expect(provider!.info.site).toBe('off_site');
    expect(mode.mode).toBe('model');
  });
});

describe('defaultSite', () => {
  it.each([
    ['http://127.0.0.1:8000/v1', 'on_site'], ['http://127.8.9.1/v1', 'on_site'], ['http://localhost:11434/v1', 'on_site'],
    ['http://[::1]:8000/v1', 'on_site'], ['http://10.20.30.40/v1', 'on_site'], ['http://172.16.0.5/v1', 'on_site'],
    ['http://172.31.255.1/v1', 'on_site'], ['http://192.168.1.20:8000/v1', 'on_site'], ['http://[fd12:3456::1]/v1', 'on_site'],
    ['http://vllm:8000/v1', 'on_site'], ['http://gpu-box.local:8000/v1', 'on_site'], ['http://llm.ward.internal/v1', 'on_site'],
    ['http://172.32.0.1/v1', 'off_site'], ['http://8.8.8.8/v1', 'off_site'], ['https://api.openai.com/v1', 'off_site'],
    ['https://llm.hospital.example.org/v1', 'off_site'], ['http://[2001:db8::1]/v1', 'off_site'], ['not a url', 'off_site'],
  ])('%s is %s', (url, site) => {
    expect(defaultSite(url)).toBe(site);
  });
});
