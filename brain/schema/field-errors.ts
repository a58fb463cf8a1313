import type { ErrorObject } from 'ajv';

/**
 * Ajv errors as "field.path: what is wrong", the field spelled from `root` the way a person wrote the
 * JSON (`request.description.place: is required`). One line per problem, duplicates dropped.
 */
export function fieldErrors(errors: readonly ErrorObject[], root: string): string[] {
  const out = new Set<string>();
  for (const e of errors) {
    // Branch bookkeeping of anyOf/oneOf/if repeats what the branch errors already say.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const segments = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let path = [root, ...segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))].join('').replace(/^\./, '');
    const params = e.params as Record<string, unknown>;
    let what: string;
    switch (e.keyword) {
      case 'required':
        path = join(path, String(params.missingProperty));
        what = 'is required';
        break;
      case 'additionalProperties':
        path = join(path, String(params.additionalProperty));
        what = 'is not a known field';
        break;
      case 'enum':
        what = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        what = `must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'type':
        what = `must be ${String(params.type).replace(',', ' or ')}`;
        break;
      case 'minLength':
        what = params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} characters`;
        break;
      default:
        what = e.message ?? 'is invalid';
    }
    out.add(`${path || root || 'body'}: ${what}`);
  }
  return [...out];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
