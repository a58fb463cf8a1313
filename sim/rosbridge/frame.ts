// Reading fields of an incoming rosbridge frame: a field of the wrong kind is a FrameError that
// names it, which the session logs (the real server answers such frames with nothing).
export type Frame = Record<string, unknown> & { op: string };
/** rosbridge ids are "an arbitrary string or integer"; replies carry them back unchanged. */
export type FrameId = string | number;

export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function requireString(frame: Frame, field: string): string {
  const v = frame[field];
  if (typeof v !== 'string') throw new FrameError(field, `${frame.op}: field "${field}" must be a string`);
  return v;
}

export function optionalString(frame: Frame, field: string): string | undefined {
  const v = frame[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FrameError(field, `${frame.op}: field "${field}" must be a string`);
  return v;
}

/** A non-negative number, or undefined when absent or null. */
export function optionalCount(frame: Frame, field: string): number | undefined {
  const v = frame[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new FrameError(field, `${frame.op}: field "${field}" must be a non-negative number`);
  }
  return v;
}

export function frameId(frame: Frame): FrameId | undefined {
  const v = frame.id;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw new FrameError('id', `${frame.op}: field "id" must be a string or a number`);
}

/** A short, single-line excerpt of a frame for a log line. */
export function preview(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
