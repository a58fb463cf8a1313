// Which language model the brain uses, if any: from a config file (JSON or YAML) and/or environment
// variables, checked field by field so a mistake stops start-up with the field and what to do. No model
// configured is a normal state: the deterministic planner runs alone.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OpenAiCompatibleProvider } from './openai-provider.js';
import { defaultSite, displayUrl } from './site.js';
import type { ModelModeInfo, ModelProvider, ModelSite } from './types.js';

export interface ModelOptions {
  /** Everything before /chat/completions, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  model: string;
  /** The key itself; prefer apiKeyEnv so files carry no secret. */
  apiKey?: string;
  /** The name of an environment variable holding the key. */
  apiKeyEnv?: string;
  timeoutMs: number;
  retries: number;
  site: ModelSite;
  vision: boolean;
  /** Send nothing off site: an off-site endpoint is refused and the deterministic planner runs alone. */
  edgeOnly: boolean;
}

export class ModelConfigError extends Error {
  override readonly name = 'ModelConfigError';
  /** `field` names what is wrong: `model.timeoutMs`, or an environment variable such as `WARD_MODEL_RETRIES`. */
  constructor(readonly field: string, readonly problem: string, readonly file: string | null = null) {
    super(`${file ? `${file}: ` : ''}${field}: ${problem}`);
  }
}

export const MODEL_DEFAULTS = { timeoutMs: 30_000, retries: 2, vision: false, edgeOnly: false } as const;

const KEYS = ['baseUrl', 'model', 'apiKey', 'apiKeyEnv', 'timeoutMs', 'retries', 'site', 'vision', 'edgeOnly'] as const;
type Key = (typeof KEYS)[number];
const SITES: readonly ModelSite[] = ['on_site', 'off_site'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const camel = (k: string) => k.toLowerCase().replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());

function integer(value: unknown, field: string, min: number, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ModelConfigError(field, `must be a whole number of ${unit} from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ModelConfigError(field, `must be true or false (got ${JSON.stringify(value)})`);
  return value;
}

function text(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ModelConfigError(field, `must be ${what} (got ${JSON.stringify(value)})`);
  return value.trim();
}

function checkBaseUrl(value: unknown, field: string): string {
  const raw = text(value, field, 'the server URL before /chat/completions, e.g. http://127.0.0.1:8000/v1');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ModelConfigError(field, `"${raw}" is not a URL; give e.g. http://127.0.0.1:8000/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ModelConfigError(field, `must be an http:// or https:// URL (got ${url.protocol})`);
  if (url.username || url.password) throw new ModelConfigError(field, 'must not carry a user name or password; put the key in apiKey or apiKeyEnv');
  if (url.search || url.hash) throw new ModelConfigError(field, `must not have a query or fragment (got ${displayUrl(raw)}${url.search ? ' with a query' : ''})`);
  const base = raw.replace(/\/+$/, '');
  if (/\/chat\/completions$/.test(base)) {
    throw new ModelConfigError(field, `give the base URL without /chat/completions: ${base.replace(/\/chat\/completions$/, '')}`);
  }
  return base;
}

/** Checks a model configuration (a file's content, or built from the environment) and fills in defaults. */
export function checkModelOptions(input: unknown, where = 'model'): ModelOptions {
  if (!isRecord(input)) throw new ModelConfigError(where, 'must be an object with at least baseUrl and model');
  const f = (k: Key) => `${where}.${k}`;
  for (const key of Object.keys(input)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    const hint = (KEYS as readonly string[]).includes(camel(key)) ? `did you mean ${camel(key)}?` : `the fields are ${KEYS.join(', ')}`;
    throw new ModelConfigError(`${where}.${key}`, `unknown field; ${hint}`);
  }
  if (input.baseUrl === undefined) throw new ModelConfigError(f('baseUrl'), 'is missing; give the server URL before /chat/completions, e.g. http://127.0.0.1:8000/v1');
  if (input.model === undefined) throw new ModelConfigError(f('model'), 'is missing; give the model name the server knows, e.g. Qwen/Qwen2.5-7B-Instruct or qwen2.5:7b');
  const baseUrl = checkBaseUrl(input.baseUrl, f('baseUrl'));
  const options: ModelOptions = {
    baseUrl,
    model: text(input.model, f('model'), 'the model name the server knows, e.g. qwen2.5:7b'),
    timeoutMs: input.timeoutMs === undefined ? MODEL_DEFAULTS.timeoutMs : integer(input.timeoutMs, f('timeoutMs'), 100, 600_000, 'milliseconds'),
    retries: input.retries === undefined ? MODEL_DEFAULTS.retries : integer(input.retries, f('retries'), 0, 10, 'retries'),
    site: defaultSite(baseUrl),
    vision: input.vision === undefined ? MODEL_DEFAULTS.vision : flag(input.vision, f('vision')),
    edgeOnly: input.edgeOnly === undefined ? MODEL_DEFAULTS.edgeOnly : flag(input.edgeOnly, f('edgeOnly')),
  };
  // An explicit site wins, on_site for a public-looking name included: hospitals run private DNS.
  if (input.site !== undefined) {
    if (typeof input.site !== 'string' || !SITES.includes(input.site as ModelSite)) {
      throw new ModelConfigError(f('site'), `must be on_site or off_site (got ${JSON.stringify(input.site)})`);
    }
    options.site = input.site as ModelSite;
  }
  if (input.apiKey !== undefined && input.apiKeyEnv !== undefined) {
    throw new ModelConfigError(f('apiKey'), 'give apiKey or apiKeyEnv, not both');
  }
  if (input.apiKey !== undefined) options.apiKey = text(input.apiKey, f('apiKey'), 'the API key (or use apiKeyEnv to name a variable holding it)');
  if (input.apiKeyEnv !== undefined) {
    const name = text(input.apiKeyEnv, f('apiKeyEnv'), 'the name of an environment variable holding the API key');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ModelConfigError(f('apiKeyEnv'), `"${name}" is not an environment variable name`);
    options.apiKeyEnv = name;
  }
  return options;
}

function readConfigFile(file: string): Record<string, unknown> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ModelConfigError('WARD_MODEL_CONFIG', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let parsed: unknown;
  try {
    // YAML 1.2 reads JSON too.
    parsed = parseYaml(content);
  } catch (e) {
    throw new ModelConfigError('(file)', `is neither valid JSON nor YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, file);
  }
  // The options either fill the file, or sit under a `model:` key beside other settings.
  if (isRecord(parsed) && isRecord(parsed.model)) return parsed.model;
  if (!isRecord(parsed)) throw new ModelConfigError('model', 'the file must hold an object with baseUrl and model', file);
  return parsed;
}

const ENV: Array<[string, Key, 'text' | 'int' | 'bool']> = [
  ['WARD_MODEL_BASE_URL', 'baseUrl', 'text'],
  ['WARD_MODEL', 'model', 'text'],
  ['WARD_MODEL_API_KEY', 'apiKey', 'text'],
  ['WARD_MODEL_TIMEOUT_MS', 'timeoutMs', 'int'],
  ['WARD_MODEL_RETRIES', 'retries', 'int'],
  ['WARD_MODEL_SITE', 'site', 'text'],
  ['WARD_MODEL_VISION', 'vision', 'bool'],
  ['WARD_EDGE_ONLY', 'edgeOnly', 'bool'],
];

function envValue(name: string, raw: string, kind: 'text' | 'int' | 'bool'): unknown {
  const v = raw.trim();
  if (kind === 'int') {
    if (!/^\d+$/.test(v)) throw new ModelConfigError(name, `must be a whole number (got "${raw}")`);
    return Number(v);
  }
  if (kind === 'bool') {
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    throw new ModelConfigError(name, `must be true or false (got "${raw}")`);
  }
  return v;
}

/**
 * The model options from WARD_MODEL_CONFIG (a JSON or YAML file) with WARD_MODEL_* variables over it,
 * or null when neither a file nor a base URL nor a model is given. An apiKeyEnv is checked here, so a
 * missing key is reported at start-up, not at the first plan; pass the same `env` to createModel.
 */
export function modelOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ModelOptions | null {
  const set = (name: string) => env[name] !== undefined && env[name]!.trim() !== '';
  const file = set('WARD_MODEL_CONFIG') ? path.resolve(env.WARD_MODEL_CONFIG!.trim()) : null;
  if (!file && !set('WARD_MODEL_BASE_URL') && !set('WARD_MODEL')) return null;

  const merged: Record<string, unknown> = file ? { ...readConfigFile(file) } : {};
  const fromEnv = new Map<string, string>();
  for (const [name, key, kind] of ENV) {
    if (!set(name)) continue;
    merged[key] = envValue(name, env[name]!, kind);
    fromEnv.set(`model.${key}`, name);
  }
  // A key from the environment replaces the file's way of giving one.
  if (fromEnv.has('model.apiKey')) delete merged.apiKeyEnv;

  let options: ModelOptions;
  try {
    options = checkModelOptions(merged, 'model');
  } catch (e) {
    if (!(e instanceof ModelConfigError)) throw e;
    const envName = fromEnv.get(e.field);
    if (envName) throw new ModelConfigError(envName, e.problem);
    if (e.field === 'model.baseUrl' && !file) throw new ModelConfigError('WARD_MODEL_BASE_URL', `${e.problem} (WARD_MODEL is set)`);
    if (e.field === 'model.model' && !file) throw new ModelConfigError('WARD_MODEL', `${e.problem} (WARD_MODEL_BASE_URL is set)`);
    throw new ModelConfigError(e.field, e.problem, file);
  }
  // Checked now, read again by createModel: the secret is not copied into options, which may be logged.
  apiKeyFrom(options, env);
  return options;
}

function apiKeyFrom(options: ModelOptions, env: NodeJS.ProcessEnv): string | undefined {
  if (options.apiKey || !options.apiKeyEnv) return options.apiKey;
  const key = env[options.apiKeyEnv]?.trim();
  if (!key) {
    throw new ModelConfigError('model.apiKeyEnv', `the environment variable ${options.apiKeyEnv} is not set; set it to the API key, or remove apiKeyEnv for a server that needs none`);
  }
  return key;
}

/** The provider to plan and talk with, or none, and the mode the dashboard shows. */
export function createModel(options: ModelOptions | null, env: NodeJS.ProcessEnv = process.env): { provider: ModelProvider | null; mode: ModelModeInfo } {
  if (!options) return { provider: null, mode: { mode: 'deterministic', model: null, site: null, edgeOnly: false, reason: null } };
  if (options.edgeOnly && options.site === 'off_site') {
    return {
      provider: null,
      mode: {
        mode: 'deterministic', model: null, site: null, edgeOnly: true,
        reason: `edge-only: the model endpoint ${displayUrl(options.baseUrl)} is off site; set site: on_site only if it runs on the hospital network`,
      },
    };
  }
  const provider = new OpenAiCompatibleProvider({
    baseUrl: options.baseUrl,
    model: options.model,
    apiKey: apiKeyFrom(options, env) ?? null,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    site: options.site,
    vision: options.vision,
  });
  return { provider, mode: { mode: 'model', model: options.model, site: options.site, edgeOnly: options.edgeOnly, reason: null } };
}
