// One spelling of a JSON value, so that the same audit entry always hashes to the same digest:
// object keys sorted, no whitespace, numbers as JSON.stringify writes them.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export class NotJsonError extends Error {
  override readonly name = 'NotJsonError';
}

/**
 * Throws naming the path of the first value that JSON cannot carry faithfully (undefined, NaN,
 * functions, Dates, class instances): JSON.stringify would silently drop or change them, and a
 * hash over a value that does not survive the round trip through the database could never verify.
 */
export function assertJson(value: unknown, path: string): asserts value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJsonError(`${path}: ${String(value)} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotJsonError(`${path}: is a ${value.constructor?.name ?? 'class instance'}, not a plain object`);
    for (const [k, v] of Object.entries(value)) assertJson(v, `${path}.${k}`);
    return;
  }
  throw new NotJsonError(`${path}: a ${typeof value} is not JSON`);
}

export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
}
