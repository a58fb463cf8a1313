// Parser for ROS 2 interface definition files (.msg, .srv, .action): the one source from which the
// TypeScript types, runtime validators and JSON Schemas of every ROS interface in this project derive.

export const PRIMITIVES = [
  'bool', 'byte', 'char', 'float32', 'float64', 'int8', 'uint8', 'int16', 'uint16',
  'int32', 'uint32', 'int64', 'uint64', 'string', 'wstring',
] as const;
export type Primitive = (typeof PRIMITIVES)[number];

export interface ArraySpec { kind: 'dynamic' | 'fixed' | 'bounded'; size: number | null }

export interface FieldType {
  /** A primitive name, or a full message type such as `geometry_msgs/msg/Pose`. */
  base: string;
  primitive: boolean;
  array: ArraySpec | null;
  /** Upper bound of a bounded string (`string<=64`). */
  stringBound: number | null;
}

export interface FieldSpec { name: string; type: FieldType; default: unknown; description: string }
export interface ConstantSpec { name: string; type: Primitive; value: number | string | boolean; description: string }

export interface MessageSpec {
  fullName: string;
  pkg: string;
  name: string;
  fields: FieldSpec[];
  constants: ConstantSpec[];
  description: string;
  file: string;
}

export interface ActionSpec { fullName: string; goal: MessageSpec; result: MessageSpec; feedback: MessageSpec; description: string; file: string }
export interface ServiceSpec { fullName: string; request: MessageSpec; response: MessageSpec; description: string; file: string }

export class IdlError extends Error {
  constructor(readonly file: string, readonly line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'IdlError';
  }
}

const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const INTEGER_RANGES: Record<string, [number, number]> = {
  byte: [0, 255], char: [0, 255], int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767],
  uint16: [0, 65535], int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], uint64: [0, Number.MAX_SAFE_INTEGER],
};

export function integerRange(type: string): [number, number] | null {
  return INTEGER_RANGES[type] ?? null;
}

export function isPrimitive(name: string): name is Primitive {
  return (PRIMITIVES as readonly string[]).includes(name);
}

/** `pkg/Name` or `Name` inside `pkg` becomes `pkg/msg/Name`, as rosidl resolves it. */
function resolveTypeName(raw: string, pkg: string): string {
  const parts = raw.split('/');
  if (parts.length === 1) return `${pkg}/msg/${raw}`;
  if (parts.length === 2) return `${parts[0]}/msg/${parts[1]}`;
  return raw;
}

function parseFieldType(raw: string, pkg: string, file: string, line: number): FieldType {
  const m = /^([A-Za-z][A-Za-z0-9_/]*)(<=(\d+))?(\[(<=)?(\d*)\])?$/.exec(raw);
  if (!m) throw new IdlError(file, line, `cannot read the type "${raw}"`);
  const [, baseRaw = '', , strBound, arrayPart, bounded, size] = m;
  let array: ArraySpec | null = null;
  if (arrayPart) {
    if (!size) array = { kind: 'dynamic', size: null };
    else array = { kind: bounded ? 'bounded' : 'fixed', size: Number(size) };
  }
  const primitive = isPrimitive(baseRaw);
  if (strBound && baseRaw !== 'string' && baseRaw !== 'wstring') {
    throw new IdlError(file, line, `only strings take a length bound, not "${baseRaw}"`);
  }
  return { base: primitive ? baseRaw : resolveTypeName(baseRaw, pkg), primitive, array, stringBound: strBound ? Number(strBound) : null };
}

function parseLiteral(type: FieldType | Primitive, text: string, file: string, line: number): unknown {
  const base = typeof type === 'string' ? type : type.base;
  const isArray = typeof type !== 'string' && type.array !== null;
  if (isArray) {
    const m = /^\[(.*)\]$/.exec(text.trim());
    if (!m) throw new IdlError(file, line, `an array default is written [a, b, ...], not "${text}"`);
    const body = m[1]!.trim();
    return body === '' ? [] : body.split(',').map((item) => parseLiteral(base as Primitive, item.trim(), file, line));
  }
  if (base === 'string' || base === 'wstring') {
    const t = text.trim();
    const quoted = /^(["'])(.*)\1$/.exec(t);
    return quoted ? quoted[2] : t;
  }
  if (base === 'bool') {
    if (/^(true|1)$/i.test(text.trim())) return true;
    if (/^(false|0)$/i.test(text.trim())) return false;
    throw new IdlError(file, line, `"${text}" is not a bool`);
  }
  const n = Number(text.trim());
  if (!Number.isFinite(n)) throw new IdlError(file, line, `"${text}" is not a number`);
  const range = integerRange(base);
  if (range && (!Number.isInteger(n) || n < range[0] || n > range[1])) {
    throw new IdlError(file, line, `${n} does not fit ${base} (${range[0]}..${range[1]})`);
  }
  return n;
}

/** Parses the text of one message (or one section of a .srv/.action). */
export function parseMessage(text: string, pkg: string, name: string, file: string, firstLine = 1): MessageSpec {
  const fields: FieldSpec[] = [];
  const constants: ConstantSpec[] = [];
  let comment: string[] = [];
  let header: string[] | null = null;
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = firstLine + i;
    const hash = rawLine.indexOf('#');
    // '#' inside a quoted string default is not a comment; our definitions have none, rosidl forbids it in names.
    const code = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
    const note = hash >= 0 ? rawLine.slice(hash + 1).trim() : '';
    if (!code) {
      if (note) comment.push(note);
      else {
        // A blank line closes a comment block; the first block of a file describes the message itself.
        if (header === null && fields.length === 0 && constants.length === 0 && comment.length) header = comment;
        comment = [];
      }
      return;
    }
    const description = [...comment, ...(note ? [note] : [])].join(' ');
    comment = [];
    const constMatch = /^(\S+)\s+([A-Za-z0-9_]+)\s*=\s*(.+)$/.exec(code);
    if (constMatch) {
      const [, typeRaw = '', cname = '', valueRaw = ''] = constMatch;
      if (!isPrimitive(typeRaw) || typeRaw === 'wstring') throw new IdlError(file, line, `a constant must have a primitive type, not "${typeRaw}"`);
      if (!CONSTANT_NAME.test(cname)) throw new IdlError(file, line, `constant name "${cname}" must be UPPER_CASE`);
      constants.push({ name: cname, type: typeRaw, value: parseLiteral(typeRaw, valueRaw, file, line) as number | string | boolean, description });
      return;
    }
    const fieldMatch = /^(\S+)\s+(\S+)(?:\s+(.+))?$/.exec(code);
    if (!fieldMatch) throw new IdlError(file, line, `expected "type name [default]", got "${code}"`);
    const [, typeRaw = '', fname = '', defaultRaw] = fieldMatch;
    if (!FIELD_NAME.test(fname)) throw new IdlError(file, line, `field name "${fname}" must be lower_snake_case`);
    if (fields.some((f) => f.name === fname)) throw new IdlError(file, line, `field "${fname}" is defined twice`);
    const type = parseFieldType(typeRaw, pkg, file, line);
    if (defaultRaw !== undefined && !type.primitive) throw new IdlError(file, line, `field "${fname}": only primitive fields take a default`);
    fields.push({ name: fname, type, default: defaultRaw === undefined ? undefined : parseLiteral(type, defaultRaw, file, line), description });
  });
  return { fullName: `${pkg}/msg/${name}`, pkg, name, fields, constants, description: (header ?? []).join(' '), file };
}

function splitSections(text: string, count: number, file: string): { text: string; firstLine: number }[] {
  const lines = text.split('\n');
  const sections: { text: string; firstLine: number }[] = [];
  let start = 0;
  lines.forEach((l, i) => {
    if (l.trim() === '---') {
      sections.push({ text: lines.slice(start, i).join('\n'), firstLine: start + 1 });
      start = i + 1;
    }
  });
  sections.push({ text: lines.slice(start).join('\n'), firstLine: start + 1 });
  if (sections.length !== count) throw new IdlError(file, 1, `expected ${count} sections separated by "---", found ${sections.length}`);
  return sections;
}

export function parseAction(text: string, pkg: string, name: string, file: string): ActionSpec {
  const [g, r, f] = splitSections(text, 3, file);
  const part = (s: { text: string; firstLine: number }, suffix: string) => {
    const spec = parseMessage(s.text, pkg, `${name}_${suffix}`, file, s.firstLine);
    return { ...spec, fullName: `${pkg}/action/${name}_${suffix}` };
  };
  const goal = part(g!, 'Goal');
  return { fullName: `${pkg}/action/${name}`, goal, result: part(r!, 'Result'), feedback: part(f!, 'Feedback'), description: goal.description, file };
}

export function parseService(text: string, pkg: string, name: string, file: string): ServiceSpec {
  const [q, s] = splitSections(text, 2, file);
  const part = (sec: { text: string; firstLine: number }, suffix: string) => {
    const spec = parseMessage(sec.text, pkg, `${name}_${suffix}`, file, sec.firstLine);
    return { ...spec, fullName: `${pkg}/srv/${name}_${suffix}` };
  };
  const request = part(q!, 'Request');
  return { fullName: `${pkg}/srv/${name}`, request, response: part(s!, 'Response'), description: request.description, file };
}
