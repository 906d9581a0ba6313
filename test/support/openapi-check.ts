/**
 * A small checker of JSON answers against the schemas of `/api/docs-json` (OpenAPI 3.0): the
 * drift check of test/e2e/openapi-responses.e2e-spec.ts. `$ref` is resolved in
 * `components.schemas`; an object must carry every `required` property and nothing its schema
 * does not declare (unless `additionalProperties` allows it); types, `nullable`, `enum`, array
 * items and `date-time` strings are checked recursively. It returns the problems found, one line
 * each with the JSON path, so every drift shows at once.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Response {
  content?: Record<string, { schema?: Schema }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, Response> }>>;
  components?: { schemas?: Record<string, Schema> };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; current.$ref; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target || hops > 20) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** `allOf` merged into one schema (properties, required, additionalProperties); the outer keywords win. */
function flatten(doc: OpenApiDocument, schema: Schema): Schema {
  const resolved = resolve(doc, schema);
  if (!resolved.allOf?.length) return resolved;
  const parts = resolved.allOf.map((part) => flatten(doc, part));
  const { allOf: _allOf, ...outer } = resolved;
  const merged: Schema = {};
  for (const part of [...parts, outer]) {
    Object.assign(merged, part, {
      properties: { ...merged.properties, ...part.properties },
      required: [...(merged.required ?? []), ...(part.required ?? [])],
    });
  }
  if (!merged.type && parts.some((p) => p.type)) merged.type = parts.find((p) => p.type)?.type;
  return merged;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
    case 'boolean':
      return typeof value === type;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeOf(value) === 'object';
    default:
      return false;
  }
}

/** The problems of `value` against `schema` (empty when it conforms). */
export function checkValue(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const s = flatten(doc, schema);
  if (value === null) return s.nullable ? [] : [`${at}: null, but the schema is not nullable`];
  if (value === undefined) return [`${at}: undefined`];
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf) as Schema[];
    return options.some((option) => !checkValue(doc, option, value, at).length) ? [] : [`${at}: matches none of oneOf/anyOf`];
  }
  const type = s.type ?? (s.properties ? 'object' : undefined);
  if (type && !matchesType(type, value)) return [`${at}: expected ${type}, got ${typeOf(value)} ${JSON.stringify(value)?.slice(0, 60)}`];
  const problems: string[] = [];
  if (s.enum && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if (s.format === 'date-time' && typeof value === 'string' && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    problems.push(`${at}: ${JSON.stringify(value)} is not an ISO date-time`);
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => problems.push(...checkValue(doc, s.items as Schema, item, `${at}[${i}]`)));
  if (typeOf(value) === 'object') problems.push(...checkObject(doc, s, value as Record<string, unknown>, at));
  return problems;
}

function checkObject(doc: OpenApiDocument, s: Schema, value: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  const properties = s.properties ?? {};
  for (const key of s.required ?? []) {
    if (value[key] === undefined) problems.push(`${at}.${key}: required by the schema, missing in the answer`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const declared = properties[key];
    if (declared) problems.push(...checkValue(doc, declared, item, `${at}.${key}`));
    else if (typeof s.additionalProperties === 'object') problems.push(...checkValue(doc, s.additionalProperties, item, `${at}.${key}`));
    else if (s.additionalProperties !== true && (s.properties || s.additionalProperties === false)) problems.push(`${at}.${key}: in the answer, not declared by the schema`);
  }
  return problems;
}

/** The JSON schema an operation declares for a status, or a problem saying why there is none. */
export function declaredSchema(doc: OpenApiDocument, method: string, path: string, status: number): Schema | string {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) return `${method.toUpperCase()} ${path} is not in the document`;
  const response = operation.responses?.[String(status)];
  if (!response) return `${method.toUpperCase()} ${path} answered ${status}, the document declares ${Object.keys(operation.responses ?? {}).join(', ') || 'nothing'}`;
  const schema = response.content?.['application/json']?.schema;
  return schema ?? `${method.toUpperCase()} ${path} declares no JSON schema for ${status}`;
}

/** The problems of one answer against what its operation declares for the status it came with. */
export function checkAnswer(doc: OpenApiDocument, method: string, path: string, status: number, body: unknown): string[] {
  const schema = declaredSchema(doc, method, path, status);
  if (typeof schema === 'string') return [schema];
  return checkValue(doc, schema, body).map((problem) => `${method.toUpperCase()} ${path} ${status} ${problem}`);
}
