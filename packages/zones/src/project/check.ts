/**
 * A small JSON Schema interpreter for `portSchema`: type, enum, minimum/maximum/exclusiveMinimum,
 * minLength, properties/required/additionalProperties (false or a schema), items/prefixItems,
 * minItems/maxItems, oneOf, local `$ref` to `#/$defs/…`. It stops at the first problem and throws an
 * InputError whose one line names the field path (`forces.design.hwl_m: missing; give H.W.L. …`).
 */
import { InputError } from '@floodzone/core';

type Schema = Readonly<Record<string, unknown>>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want: string, v: unknown): boolean {
  const t = typeOf(v);
  if (want === 'number') return t === 'number' || t === 'integer';
  return t === want;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function fail(path: string, msg: string): never {
  throw new InputError(`${path || 'project'}: ${msg}`, path);
}

/** Throws the first violation of `schema` by `value`. `root` resolves `$ref`. */
export function checkSchema(value: unknown, schema: Schema, path: string, root: Schema): void {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    const defs = root.$defs as Record<string, Schema>;
    checkSchema(value, defs[name], path, root);
    return;
  }
  const hint = typeof schema['x-hint'] === 'string' ? `; ${schema['x-hint']}` : '';
  if (Array.isArray(schema.oneOf)) {
    const alts = schema.oneOf as Schema[];
    // Pick the alternative whose type (and, for objects, required key) matches, for a precise message.
    const fits = alts.filter((a) => {
      const t = a.$ref ? 'object' : (a.type as string | undefined);
      if (t && !typeMatches(t, value)) return false;
      if (t === 'object' && Array.isArray(a.required) && typeof value === 'object' && value) {
        return (a.required as string[]).some((k) => k in (value as object));
      }
      return true;
    });
    if (fits.length === 0) fail(path, `${show(value)} is not allowed${hint || `; ${String(schema.description ?? 'see port.schema.json')}`}`);
    checkSchema(value, fits[0], path, root);
  }
  const type = schema.type as string | undefined;
  if (type && !typeMatches(type, value)) {
    fail(path, `must be ${type === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(type) ? 'n' : ''} ${type}`}, got ${show(value)}${hint}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never)) {
    fail(path, `must be one of ${schema.enum.map(show).join(', ')}, got ${show(value)}`);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(path, `must be a finite number, got ${show(value)}`);
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(path, `must be ≥ ${schema.minimum}, got ${value}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(path, `must be ≤ ${schema.maximum}, got ${value}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
      fail(path, `must be > ${schema.exclusiveMinimum}, got ${value}`);
    }
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) {
    fail(path, `must not be empty${hint}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(path, `needs at least ${schema.minItems} item(s), got ${value.length}${hint}`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(path, `allows at most ${schema.maxItems} item(s), got ${value.length}`);
    const prefix = schema.prefixItems as Schema[] | undefined;
    const items = schema.items as Schema | undefined;
    value.forEach((v, i) => {
      const s = prefix && i < prefix.length ? prefix[i] : items;
      if (s) checkSchema(v, s, joinPath(path, i), root);
    });
  }
  if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (obj[key] === undefined) {
        const h = typeof props[key]?.['x-hint'] === 'string' ? `; ${props[key]['x-hint']}` : '';
        fail(joinPath(path, key), `missing${h}`);
      }
    }
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) checkSchema(v, props[key], joinPath(path, key), root);
      else if (schema.additionalProperties === false) {
        const known = Object.keys(props).filter((k) => k !== '$schema');
        fail(joinPath(path, key), `unknown field; allowed here: ${known.join(', ')}`);
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        checkSchema(v, schema.additionalProperties as Schema, joinPath(path, key), root);
      }
    }
  }
}
