// Loads every ROS interface definition the project uses and answers questions about them:
// JSON Schema (for validators and, later, LLM tools), validation with field paths, and defaults.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, basename, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import {
  parseAction, parseMessage, parseService, integerRange, IdlError,
  type ActionSpec, type FieldSpec, type MessageSpec, type ServiceSpec,
} from './idl.js';

const ROBOT_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
/** Folders whose sub-folders are ROS interface packages (`<pkg>/{msg,srv,action}/*`). */
export const INTERFACE_ROOTS = [join(ROBOT_DIR, 'ros_std'), ROBOT_DIR];

export type JsonSchema = Record<string, unknown>;
export interface SchemaOptions {
  /** Fields may be left out (rosbridge fills them with defaults), as when a client publishes. */
  partial?: boolean;
  /** Accept what travels on a rosbridge socket: NaN floats arrive as null. */
  wire?: boolean;
}
export type Validation = { ok: true } | { ok: false; errors: string[] };

export class InterfaceRegistry {
  readonly messages = new Map<string, MessageSpec>();
  readonly actions = new Map<string, ActionSpec>();
  readonly services = new Map<string, ServiceSpec>();
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();

  static load(roots: string[] = INTERFACE_ROOTS): InterfaceRegistry {
    const reg = new InterfaceRegistry();
    for (const root of roots) {
      for (const pkg of readdirSync(root).sort()) {
        const pkgDir = join(root, pkg);
        if (!statSync(pkgDir).isDirectory()) continue;
        for (const kind of ['msg', 'srv', 'action'] as const) {
          const dir = join(pkgDir, kind);
          if (!existsSync(dir)) continue;
          for (const file of readdirSync(dir).sort()) {
            if (extname(file) !== `.${kind}`) continue;
            reg.add(pkg, kind, basename(file, extname(file)), join(dir, file));
          }
        }
      }
    }
    reg.checkReferences();
    return reg;
  }

  private add(pkg: string, kind: 'msg' | 'srv' | 'action', name: string, file: string): void {
    const text = readFileSync(file, 'utf8');
    if (kind === 'msg') this.messages.set(`${pkg}/msg/${name}`, parseMessage(text, pkg, name, file));
    if (kind === 'srv') {
      const s = parseService(text, pkg, name, file);
      this.services.set(s.fullName, s);
      this.messages.set(s.request.fullName, s.request).set(s.response.fullName, s.response);
    }
    if (kind === 'action') {
      const a = parseAction(text, pkg, name, file);
      this.actions.set(a.fullName, a);
      for (const part of [a.goal, a.result, a.feedback]) this.messages.set(part.fullName, part);
    }
  }

  private checkReferences(): void {
    for (const spec of this.messages.values()) {
      for (const f of spec.fields) {
        if (!f.type.primitive && !this.messages.has(f.type.base)) {
          throw new IdlError(spec.file, 0, `field "${f.name}" uses unknown type ${f.type.base}`);
        }
      }
    }
  }

  /** `geometry_msgs/PoseStamped` and `geometry_msgs/msg/PoseStamped` name the same message. */
  normalize(type: string, kind: 'msg' | 'srv' | 'action' = 'msg'): string {
    const parts = type.replace(/^\//, '').split('/');
    return parts.length === 2 ? `${parts[0]}/${kind}/${parts[1]}` : parts.join('/');
  }

  message(type: string): MessageSpec {
    const spec = this.messages.get(this.normalize(type));
    if (!spec) throw new Error(`unknown message type ${type}`);
    return spec;
  }
  hasMessage(type: string): boolean { return this.messages.has(this.normalize(type)); }
  action(type: string): ActionSpec | undefined { return this.actions.get(this.normalize(type, 'action')); }
  service(type: string): ServiceSpec | undefined { return this.services.get(this.normalize(type, 'srv')); }

  schema(type: string, opts: SchemaOptions = {}): JsonSchema {
    return this.messageSchema(this.message(type), opts);
  }

  private messageSchema(spec: MessageSpec, opts: SchemaOptions): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (const f of spec.fields) properties[f.name] = this.fieldSchema(f, opts);
    const constants = spec.constants.map((c) => `${c.name}=${JSON.stringify(c.value)}`).join(', ');
    const description = [spec.description, constants && `Constants: ${constants}.`].filter(Boolean).join(' ');
    return {
      type: 'object',
      title: spec.fullName,
      ...(description ? { description } : {}),
      properties,
      additionalProperties: false,
      ...(opts.partial ? {} : { required: spec.fields.map((f) => f.name) }),
    };
  }

  private fieldSchema(f: FieldSpec, opts: SchemaOptions): JsonSchema {
    const { type } = f;
    const desc = f.description ? { description: f.description } : {};
    const element = (): JsonSchema => {
      if (!type.primitive) return this.messageSchema(this.message(type.base), opts);
      const range = integerRange(type.base);
      if (range) return { type: 'integer', minimum: range[0], maximum: range[1] };
      if (type.base === 'float32' || type.base === 'float64') return { type: opts.wire ? ['number', 'null'] : 'number' };
      if (type.base === 'bool') return { type: 'boolean' };
      return { type: 'string', ...(type.stringBound !== null ? { maxLength: type.stringBound } : {}) };
    };
    if (!type.array) return { ...element(), ...desc };
    const sized = type.array.kind === 'fixed'
      ? { minItems: type.array.size, maxItems: type.array.size }
      : type.array.kind === 'bounded' ? { maxItems: type.array.size } : {};
    const list: JsonSchema = { type: 'array', items: element(), ...sized };
    if (type.base === 'uint8' || type.base === 'byte') {
      // rosbridge carries byte arrays as base64 strings; a plain number list is accepted on the way in.
      return { anyOf: [{ type: 'string', contentEncoding: 'base64' }, list], ...desc };
    }
    return { ...list, ...desc };
  }

  validate(type: string, value: unknown, opts: SchemaOptions = {}): Validation {
    const key = `${this.normalize(type)}|${opts.partial ? 'p' : ''}${opts.wire ? 'w' : ''}`;
    let fn = this.validators.get(key);
    if (!fn) {
      fn = this.ajv.compile(this.schema(type, opts));
      this.validators.set(key, fn);
    }
    if (fn(value)) return { ok: true };
    return { ok: false, errors: describeErrors(fn.errors ?? []) };
  }

  /** A complete message of `type` with every field at its declared or zero default. */
  defaults(type: string): Record<string, unknown> {
    const spec = this.message(type);
    const out: Record<string, unknown> = {};
    for (const f of spec.fields) out[f.name] = this.fieldDefault(f);
    return out;
  }

  private fieldDefault(f: FieldSpec): unknown {
    if (f.default !== undefined) return structuredClone(f.default);
    const one = (): unknown => {
      if (!f.type.primitive) return this.defaults(f.type.base);
      if (f.type.base === 'bool') return false;
      if (f.type.base === 'string' || f.type.base === 'wstring') return '';
      return 0;
    };
    if (!f.type.array) return one();
    const n = f.type.array.kind === 'fixed' ? f.type.array.size ?? 0 : 0;
    if (f.type.base === 'uint8' || f.type.base === 'byte') return Buffer.alloc(n).toString('base64');
    return Array.from({ length: n }, one);
  }

  /** Fills what a partial message leaves out, as rosbridge does for a publish or a goal. */
  complete(type: string, partial: unknown): Record<string, unknown> {
    const spec = this.message(type);
    const src = (partial && typeof partial === 'object' ? partial : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const v = src[f.name];
      if (v === undefined) out[f.name] = this.fieldDefault(f);
      else if (!f.type.primitive && !f.type.array) out[f.name] = this.complete(f.type.base, v);
      else if (!f.type.primitive && Array.isArray(v)) out[f.name] = v.map((item) => this.complete(f.type.base, item));
      else out[f.name] = v;
    }
    return out;
  }

  constants(type: string): Record<string, number | string | boolean> {
    return Object.fromEntries(this.message(type).constants.map((c) => [c.name, c.value]));
  }
}

function describeErrors(errors: ErrorObject[]): string[] {
  const seen = new Set<string>();
  for (const e of errors) {
    // anyOf branches repeat the same complaint; the summary line is the one a person needs.
    if (e.keyword === 'anyOf') continue;
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
    const where = e.keyword === 'additionalProperties'
      ? [path, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.')
      : e.keyword === 'required'
        ? [path, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.')
        : path || '(message)';
    const what = e.keyword === 'additionalProperties' ? 'is not a field of this message'
      : e.keyword === 'required' ? 'is missing' : e.message ?? 'is invalid';
    seen.add(`${where}: ${what}`);
  }
  return [...seen];
}

let shared: InterfaceRegistry | null = null;
/** The project's interfaces, loaded once per process. */
export function interfaces(): InterfaceRegistry {
  shared ??= InterfaceRegistry.load();
  return shared;
}
