import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Response as SupertestResponse, Test } from 'supertest';
import { DataSource } from 'typeorm';
import { formatQuarter, quarterOf } from '../../src/common/quarter';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

/**
 * A bad-input battery GENERATED for every route of the application from its own OpenAPI
 * document (GET /api/docs-json, as in route-table.e2e-spec.ts), so a new endpoint cannot slip
 * through: path parameters, query strings, JSON bodies (from the request schemas) and uploads.
 * Every answer must be 4xx with the api.md error body {statusCode, message, error} — never a
 * 5xx, never a 2xx for clearly invalid input — and the database must be exactly as it was.
 * The hand-written bad-input.e2e-spec.ts checks individual endpoints in depth; this one is wide.
 */

// ---------------------------------------------------------------------------------------------
// The OpenAPI document
// ---------------------------------------------------------------------------------------------

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Schema {
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  format?: string;
  /** A value the schema itself offers as valid (e.g. a platform code checked against the registry). */
  example?: unknown;
  items?: Schema;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  /** @nestjs/swagger wraps a `$ref` that has a description of its own as `allOf: [{ $ref }]`. */
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Route {
  method: Method;
  path: string;
  key: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON request schema (resolved), when the route takes a JSON body. */
  body?: Schema;
  multipart: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Partial<Record<Method, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>>;
  components?: { schemas?: Record<string, Schema> };
}

function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  if (schema.allOf?.length === 1) return resolve(doc, schema.allOf[0]);
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`OpenAPI: unknown schema ${schema.$ref}`);
  return found;
}

function readRoutes(doc: OpenApiDoc): Route[] {
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = ops[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      routes.push({
        method,
        path,
        key: `${method.toUpperCase()} ${path}`,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: json ? resolve(doc, json) : undefined,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

type Payload =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  /** Sent verbatim as application/json (malformed JSON, numbers JSON cannot spell, …). */
  | { kind: 'raw'; text: string; type?: string }
  | { kind: 'file'; field: string; name: string; content: Buffer; type: string }
  | { kind: 'fields'; fields: Record<string, string> };

interface Case {
  route: Route;
  as: 'admin' | 'operator';
  label: string;
  url: string;
  payload: Payload;
  /** Acceptable refusals. */
  expect: number[];
  /** A 400 that lists `errors` must name this field (or a sub-field of it). */
  field?: string;
  /** Why a 2xx is a legitimate answer to this input (see the generators); unset = 2xx is a failure. */
  tolerate?: string;
  /**
   * The value can pass the pipes and reach the service, where an operator's unit scope applies:
   * such cases are sent as an operator too. What a pipe refuses is refused alike for everyone.
   */
  scoped?: boolean;
}

const MB = 1 << 20;
const ONE_MB = 'x'.repeat(MB);
const SQL_INJECTION = ['1 OR 1=1', '1;DROP TABLE accounts', "' OR '1'='1' --", '1); DELETE FROM users; --'];
const TRAVERSAL = ['../../etc/passwd', '..\\..\\windows\\win.ini'];
const CONTROL = ['ab\u0000cd', 'ab\u0007cd'];
const INVALID_DATES = ['2023-02-30', '2023-13-01', 'yesterday', '2023-07-01T25:00:00+08:00', '20230230'];
const INVALID_QUARTERS = ['2023Q5', '2023-Q0', 'Q3', '2023Q0', '23Q3', '2023Q3; DROP TABLE targets'];
/** Well-formed ids that name no record. */
const UNKNOWN_IDS = ['999999', '2147483647'];
/** Well-formed codes (of the platform code's form) that name no record. */
const UNKNOWN_CODES = ['no_such_code', 'zz_bad_input_unknown'];
/** Malformed path codes, already encoded for the URL. */
const MALFORMED_PATH_CODES: Array<[label: string, segment: string]> = [
  ['a NUL byte (%00)', '%00'],
  ['code%00', 'bad_input_test%00'],
  ['upper case', 'BAD_INPUT_TEST'],
  ['a space', 'bad%20input'],
  ['control characters', encodeURIComponent(CONTROL[1])],
  ...[...SQL_INJECTION, ...TRAVERSAL].map((v): [string, string] => [v, encodeURIComponent(v)]),
];
/** Malformed path ids, already encoded for the URL. */
const MALFORMED_PATH_IDS: Array<[label: string, segment: string]> = [
  ['abc', 'abc'],
  ['-1', '-1'],
  ['0', '0'],
  ['1.5', '1.5'],
  ['1e309', '1e309'],
  ['99999999999999999999', '99999999999999999999'],
  ['2147483648 (past the id range)', '2147483648'],
  ['0x1F', '0x1F'],
  ['a NUL byte (%00)', '%00'],
  ['1%00', '1%00'],
  ...[...SQL_INJECTION, ...TRAVERSAL].map((v): [string, string] => [v, encodeURIComponent(v)]),
];
const POISON = 'unexpectedField';

type ParamKind = 'page' | 'id' | 'enum' | 'bool' | 'date' | 'quarter' | 'text';

function paramKind(name: string, schema: Schema = {}): ParamKind {
  if (name === 'page' || name === 'pageSize') return 'page';
  if (schema.enum) return 'enum';
  if (name === 'quarter') return 'quarter';
  if (schema.format === 'date-time' || name === 'at' || name === 'from' || name === 'to' || /[a-z]At$/.test(name)) return 'date';
  if (schema.type === 'boolean') return 'bool';
  if (schema.type === 'number' || schema.type === 'integer' || /[a-z]Id$/.test(name)) return 'id';
  return 'text';
}

function sampleValue(name: string, schema: Schema | undefined, ids: Ids): string {
  switch (paramKind(name, schema)) {
    case 'quarter':
      return '2023Q3';
    case 'enum':
      return String(schema?.enum?.[0]);
    case 'bool':
      return 'false';
    case 'date':
      return '2023-07-01T00:00:00+08:00';
    case 'page':
      return '1';
    case 'id':
      return String(name === 'accountId' ? ids.account : ids.unit);
    default:
      return 'x';
  }
}

/** The ids of records created for the battery, by resource (a platform is named by its code). */
type Ids = { platform: string } & Record<
  | 'account'
  | 'unit'
  | 'user'
  | 'column'
  | 'linkCheck'
  | 'poll'
  | 'scan'
  | 'finding'
  | 'errorWord'
  | 'allow'
  | 'channel'
  | 'task'
  | 'confirmation'
  | 'reportExport'
  | 'rectification'
  | 'inspection'
  | 'discoveryRow',
  number
>;

/** The path segment before `{param}` names the resource the parameter points at. */
const RESOURCE_OF_SEGMENT: Record<string, keyof Ids> = {
  accounts: 'account',
  units: 'unit',
  users: 'user',
  columns: 'column',
  'link-checks': 'linkCheck',
  polls: 'poll',
  scans: 'scan',
  findings: 'finding',
  'error-words': 'errorWord',
  allows: 'allow',
  'alert-channels': 'channel',
  'repost-tasks': 'task',
  confirmations: 'confirmation',
  exports: 'reportExport',
  rectifications: 'rectification',
  inspections: 'inspection',
  discoveries: 'discoveryRow',
  platforms: 'platform',
};

/** The route's path with every parameter set to an existing record, except `override`. */
function concretePath(route: Route, ids: Ids, override?: { name: string; segment: string }): string {
  return route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (override?.name === name) return override.segment;
    const segments = route.path.split('/');
    const segment = segments[segments.indexOf(`{${name}}`) - 1];
    const resource = RESOURCE_OF_SEGMENT[segment];
    if (!resource) throw new Error(`${route.key}: no test record for path parameter {${name}} after /${segment}/ (add it to RESOURCE_OF_SEGMENT and the fixtures)`);
    return String(ids[resource]);
  });
}

function requiredQuery(route: Route, ids: Ids, except: string): string[] {
  return route.queryParams.filter((p) => p.required && p.name !== except).map((p) => `${p.name}=${encodeURIComponent(sampleValue(p.name, p.schema, ids))}`);
}

function withQuery(path: string, parts: string[]): string {
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

// ---- path parameters ----

function pathCases(route: Route, ids: Ids): Omit<Case, 'as'>[] {
  const cases: Omit<Case, 'as'>[] = [];
  const bodyRequired = (route.body?.required?.length ?? 0) > 0 || route.multipart;
  const query = requiredQuery(route, ids, '');
  for (const param of route.pathParams) {
    const at = (segment: string) => withQuery(concretePath(route, ids, { name: param.name, segment }), query);
    // A text parameter (a platform code) may be checked for form (400) or just looked up (404).
    const text = param.schema?.type === 'string';
    for (const [label, segment] of text ? MALFORMED_PATH_CODES : MALFORMED_PATH_IDS) {
      cases.push({ route, label: `path {${param.name}} = ${label}`, url: at(segment), payload: { kind: 'none' }, expect: text ? [400, 404] : [400] });
    }
    // A 1 MB id never reaches the router: the HTTP server refuses the request line (431), still with the error body.
    cases.push({ route, label: `path {${param.name}} = a 1 MB string`, url: at(ONE_MB), payload: { kind: 'none' }, expect: [400, 414, 431] });
    for (const id of text ? UNKNOWN_CODES : UNKNOWN_IDS) {
      // Without a body, a route whose body has required fields answers 400 before looking the id up.
      cases.push({ route, label: `path {${param.name}} = unknown ${id}`, url: at(id), payload: { kind: 'none' }, expect: bodyRequired ? [400, 404] : [404], scoped: true });
    }
  }
  return cases;
}

// ---- query strings ----

function queryValues(kind: ParamKind, schema: Schema = {}): Array<{ label: string; value: string; tolerate?: string }> {
  const hostile = [SQL_INJECTION[0], SQL_INJECTION[2], TRAVERSAL[0]].map((value) => ({ label: JSON.stringify(value), value }));
  const control = CONTROL.map((value) => ({ label: JSON.stringify(value), value }));
  switch (kind) {
    case 'page':
      return ['-1', '0', '1.5', 'abc', '1e309', '99999999999999999999', '2147483648', '1000001', ' 1', '1; DROP TABLE accounts'].map((value) => ({
        label: JSON.stringify(value),
        value,
      }));
    case 'id': {
      // A decimal integer past the id range names no record: filtering by it is refused or finds
      // nothing (an empty list, 403 for an operator, 404 where the record itself is sought).
      const why = 'a decimal integer past the id range is an unknown id; filtering by it finds nothing';
      return [
        ...['abc', '-1', '0', '1.5', '1e309', '0x10', '1e3', ' 1', '1abc', ''].map((value) => ({ label: JSON.stringify(value), value })),
        ...['2147483648', '99999999999999999999'].map((value) => ({ label: JSON.stringify(value), value, tolerate: why })),
        ...hostile,
        ...control,
      ];
    }
    case 'enum':
      return [
        { label: 'an unknown value', value: 'INVALID' },
        { label: 'the empty string', value: '' },
        { label: 'a value in the wrong case', value: String(schema.enum?.[0]).toUpperCase() },
        ...hostile,
        ...control,
      ];
    case 'bool':
      return ['yes', '1', 'TRUE', '', 'null', ...SQL_INJECTION.slice(0, 1)].map((value) => ({ label: JSON.stringify(value), value }));
    case 'date':
      return [...INVALID_DATES, ...SQL_INJECTION.slice(0, 2), ...TRAVERSAL.slice(0, 1), ...CONTROL].map((value) => ({ label: JSON.stringify(value), value }));
    case 'quarter':
      return [...INVALID_QUARTERS, ...TRAVERSAL.slice(0, 1), ...CONTROL].map((value) => ({ label: JSON.stringify(value), value }));
    case 'text': {
      // Free text (a search term, a URL or platform id to verify) legitimately takes any
      // characters: a hostile string is searched for as text and finds nothing (200 with an
      // empty list) or is refused as not a usable value (400); both are fine, a 5xx is not.
      const why = 'free text is searched for or looked up as text; finding nothing is the right answer';
      return [...hostile, ...control].map((v) => ({ ...v, tolerate: why }));
    }
  }
}

function queryCases(route: Route, ids: Ids): Omit<Case, 'as'>[] {
  const cases: Omit<Case, 'as'>[] = [];
  const path = concretePath(route, ids);
  if (!route.queryParams.length) {
    // A route that declares no query parameters ignores the query string, so stray
    // parameters are harmless (2xx) — but only on reads: on a write the "ignored" query would
    // leave a valid request that acts. Oversized query strings are refused on every route.
    if (route.method === 'get') {
      for (const query of ['page=-1&pageSize=999999', 'unitId[a]=1&q=%00', `q=${encodeURIComponent("' OR 1=1 --")}`]) {
        cases.push({
          route,
          label: `stray query ${query}`,
          url: `${path}?${query}`,
          payload: { kind: 'none' },
          expect: [400],
          tolerate: 'the route declares no query parameters and ignores them',
          scoped: true,
        });
      }
    }
    cases.push({ route, label: 'a 1 MB query string', url: `${path}?q=${ONE_MB}`, payload: { kind: 'none' }, expect: [400, 414, 431] });
    return cases;
  }
  cases.push({
    route,
    label: 'an undeclared query parameter',
    url: withQuery(path, [...requiredQuery(route, ids, ''), 'isAdmin=true']),
    payload: { kind: 'none' },
    expect: [400],
    field: 'isAdmin',
  });
  for (const param of route.queryParams) {
    const rest = requiredQuery(route, ids, param.name);
    const kind = paramKind(param.name, param.schema);
    const add = (label: string, part: string, expect: number[], extra: Partial<Case> = {}) =>
      cases.push({ route, label: `query ${param.name}: ${label}`, url: withQuery(path, [...rest, part]), payload: { kind: 'none' }, expect, ...extra });
    for (const { label, value, tolerate } of queryValues(kind, param.schema)) {
      // Free text, ids past the range and quarters are judged by the service (in the operator's scope).
      const scoped = !!tolerate || kind === 'quarter';
      add(label, `${param.name}=${encodeURIComponent(value)}`, tolerate ? [400, 404] : [400], tolerate ? { tolerate, scoped } : { field: param.name, scoped });
    }
    const sample = encodeURIComponent(sampleValue(param.name, param.schema, ids));
    add('given twice (an array)', `${param.name}=${sample}&${param.name}=${sample}`, [400], { field: param.name });
    add('a nested object', `${param.name}[a]=1`, [400]);
    add('a nested object with a hostile key', `${param.name}[__proto__][x]=1`, [400]);
    add('a 1 MB value', `${param.name}=${ONE_MB}`, [400, 414, 431]);
    if (param.required) add('missing although required', '', [400], { field: param.name });
  }
  return cases;
}

// ---- JSON bodies ----

type BodyCase = { label: string; payload: Payload; expect: number[]; field?: string; tolerate?: string; scoped?: boolean };

/** Values that are clearly invalid for a property of this schema (each sent on top of validBase). */
function invalidValues(name: string, schema: Schema, required: boolean, doc: OpenApiDoc): Array<{ label: string; value?: unknown; raw?: string; scoped?: boolean }> {
  const values: Array<{ label: string; value?: unknown; raw?: string; scoped?: boolean }> = [];
  const type = schema.type;
  if (required && !schema.nullable) values.push({ label: 'null', value: null });
  if (schema.enum) {
    values.push(
      { label: 'an unknown value', value: 'INVALID' },
      { label: 'the empty string', value: '' },
      { label: 'a value in the wrong case', value: String(schema.enum[0]).toUpperCase() },
    );
    values.push({ label: 'a number', value: 3 }, { label: 'an array', value: [schema.enum[0]] }, { label: 'SQL injection', value: SQL_INJECTION[1] });
    return values;
  }
  if (type === 'string') {
    const kind = paramKind(name, schema);
    values.push({ label: 'a number', value: 42 }, { label: 'a boolean', value: true }, { label: 'an array', value: ['x'] }, { label: 'an object', value: { $ne: null } });
    values.push({ label: 'a 1 MB string', value: ONE_MB });
    for (const text of CONTROL) values.push({ label: `control characters ${JSON.stringify(text)}`, value: text });
    if (kind === 'date') {
      for (const date of [...INVALID_DATES, '1688000000000']) values.push({ label: `the date ${JSON.stringify(date)}`, value: date });
      values.push({ label: 'SQL injection', value: SQL_INJECTION[0] });
    }
    if (kind === 'quarter') {
      for (const quarter of INVALID_QUARTERS) values.push({ label: `the quarter ${JSON.stringify(quarter)}`, value: quarter, scoped: true });
    }
    if (/url$/i.test(name)) {
      for (const url of ['not a url', 'javascript:alert(1)', 'file:///etc/passwd', '//no-scheme.example/', 'http://'])
        values.push({ label: `the URL ${JSON.stringify(url)}`, value: url });
    }
    return values;
  }
  if (type === 'number' || type === 'integer') {
    const idLike = name === 'id' || /[a-z]Id$/.test(name);
    values.push({ label: 'a numeric string', value: '1' }, { label: 'text', value: 'abc' }, { label: 'SQL injection', value: SQL_INJECTION[0] });
    values.push(
      { label: 'a fraction', value: 1.5 },
      { label: '-1', value: -1 },
      { label: 'a boolean', value: true },
      { label: 'an array', value: [1] },
      { label: 'an object', value: { id: 1 } },
    );
    values.push({ label: '1e309 (Infinity)', raw: '1e309' }, { label: '99999999999999999999', raw: '99999999999999999999', scoped: true });
    if (idLike) values.push({ label: '0', value: 0 }, { label: '2147483648 (past the id range)', value: 2147483648, scoped: true });
    return values;
  }
  if (type === 'boolean') {
    values.push(
      { label: 'the string "true"', value: 'true' },
      { label: '1', value: 1 },
      { label: '"yes"', value: 'yes' },
      { label: 'an array', value: [true] },
      { label: 'an object', value: {} },
    );
    return values;
  }
  if (type === 'array') {
    values.push({ label: 'a string', value: 'x' }, { label: 'a number', value: 1 }, { label: 'an object', value: { 0: 1 } }, { label: 'an array holding null', value: [null] });
    const items = resolve(doc, schema.items ?? {});
    if (items.enum) values.push({ label: 'an unknown item', value: ['INVALID'] }, { label: 'a numeric item', value: [1] });
    else if (items.type === 'number' || items.type === 'integer') {
      values.push(
        { label: 'a text item', value: ['abc'] },
        { label: 'a fraction item', value: [1.5] },
        { label: 'a negative item', value: [-1] },
        { label: 'a nested array item', value: [[1]] },
        { label: 'an object item', value: [{}] },
      );
    } else if (items.properties) {
      values.push({ label: 'a number item', value: [1] }, { label: 'an empty object item', value: [{}] });
      values.push({ label: 'an item with every property of the wrong type', value: [wrongTyped(items, doc)] });
    }
    return values;
  }
  if (type === 'object' && schema.properties) {
    // A nested DTO (a platform's icon): the whole value of the wrong kind, its properties of the
    // wrong type, and unknown or hostile keys inside it are refused like those of the body itself.
    values.push(
      { label: 'a string', value: 'x' },
      { label: 'a number', value: 1 },
      { label: 'an array', value: [wrongTyped(schema, doc)] },
      { label: 'an object with every property of the wrong type', value: wrongTyped(schema, doc) },
      { label: 'an object with an unknown property', value: { isAdmin: true } },
      { label: 'an object with a __proto__ property', raw: '{"__proto__": {"isAdmin": true}}' },
    );
    return values;
  }
  throw new Error(`no usable OpenAPI type for property "${name}" (${JSON.stringify(schema)}): give it a type in its @ApiProperty`);
}

/** An object of this schema with every property of a type it does not take. */
function wrongTyped(schema: Schema, doc: OpenApiDoc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, p]) => [k, resolve(doc, p).type === 'string' ? 42 : 'abc']));
}

/**
 * A body the route would accept as far as its fields' formats go: the required properties with
 * plausible values. Each invalid value is sent on top of it, so the one broken property is
 * what the answer must name, whichever layer (DTO or service) refuses it; should the value be
 * accepted anyway, the request acts and the database snapshot shows it.
 */
function validBase(schema: Schema, ids: Ids, doc: OpenApiDoc): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const prop = resolve(doc, schema.properties?.[name] ?? {});
    const kind = paramKind(name, prop);
    if (prop.enum) base[name] = prop.enum[0];
    else if (prop.example !== undefined && prop.type === 'string') base[name] = prop.example;
    else if (prop.type === 'array') base[name] = [];
    else if (prop.type === 'boolean') base[name] = false;
    else if (prop.type === 'object') base[name] = validBase(prop, ids, doc);
    else if (prop.type === 'number' || prop.type === 'integer') base[name] = /accountId$/i.test(name) ? ids.account : /unitId$/i.test(name) ? ids.unit : 1;
    else if (kind === 'date') base[name] = '2023-07-01T00:00:00+08:00';
    else if (kind === 'quarter') base[name] = '2023Q3';
    else if (/url$/i.test(name)) base[name] = 'https://www.example.gov.cn/bad-input';
    else if (name === 'username') base[name] = 'bad_input_nobody';
    else if (name === 'password') base[name] = 'Bad-input#2023';
    else base[name] = '坏输入';
  }
  return base;
}

/** The login route answers a well-formed but wrong credential with 401 (api.md), whatever text it holds. */
const LOGIN = '/api/auth/login';

function bodyCases(route: Route, doc: OpenApiDoc, ids: Ids): BodyCase[] {
  const cases: BodyCase[] = [];
  const raw = (text: string) => ({ kind: 'raw', text }) as const;
  // Whole-body garbage is refused by the JSON parser before anything runs, on every route that takes a body.
  cases.push(
    { label: 'malformed JSON (trailing comma)', payload: raw('{"name": "x",'), expect: [400] },
    { label: 'malformed JSON (single quotes)', payload: raw("{'name': 'x'}"), expect: [400] },
    { label: 'plain text sent as JSON', payload: raw('hello'), expect: [400] },
    { label: 'a bare JSON string', payload: raw('"hello"'), expect: [400] },
    { label: 'JSON null', payload: raw('null'), expect: [400] },
    { label: 'a bare JSON number', payload: raw('123'), expect: [400] },
    { label: 'a body over 2 MB', payload: raw(`{"x": "${'x'.repeat(2.2 * MB)}"}`), expect: [413] },
  );
  const schema = route.body;
  if (!schema) return cases;
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const first = properties[0]?.[0] ?? 'x';
  // A route whose body is a list (PUT /api/leaders) takes an empty list as a valid replacement.
  if (schema.type !== 'array') cases.push({ label: 'a JSON array', payload: raw('[]'), expect: [400] }, { label: 'a JSON array of objects', payload: raw('[{}]'), expect: [400] });
  cases.push(
    { label: 'JSON nested 5000 levels deep', payload: raw(`{"${first}": ${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}}`), expect: [400] },
    // A body that is an array (the indicator set) refuses an object as a whole, naming no property.
    { label: 'an unknown property', payload: { kind: 'json', value: { isAdmin: true } }, expect: [400], field: schema.type === 'array' ? undefined : 'isAdmin' },
    { label: 'a __proto__ property', payload: raw('{"__proto__": {"isAdmin": true}}'), expect: [400] },
  );
  if (required.size) {
    // Only where fields are required: an empty body is a valid no-op or "everything" elsewhere
    // (PATCH with nothing to change, POST /api/polls polling every account in scope).
    const firstRequired = [...required][0];
    cases.push(
      { label: 'an empty body', payload: { kind: 'none' }, expect: [400], field: firstRequired },
      { label: 'an empty object', payload: { kind: 'json', value: {} }, expect: [400], field: firstRequired },
    );
  }
  const base = validBase(schema, ids, doc);
  for (const [name, property] of properties) {
    const prop = resolve(doc, property);
    for (const { label, value, raw: text, scoped } of invalidValues(name, prop, required.has(name), doc)) {
      const rest = Object.fromEntries(Object.entries(base).filter(([k]) => k !== name));
      const payload: Payload =
        text !== undefined
          ? raw(JSON.stringify(rest).replace(/}$/, `${Object.keys(rest).length ? ',' : ''}"${name}": ${text}}`))
          : { kind: 'json', value: { ...rest, [name]: value } };
      const expect = route.path === LOGIN && typeof value === 'string' ? [400, 401] : [400];
      cases.push({ label: `${name}: ${label}`, payload, expect, field: name, scoped });
    }
    // Values that may be legitimate for this property travel with an unknown field, so the
    // request is refused whatever the property makes of them and the database stays unchanged;
    // these cases show the value itself never causes a 5xx. Hostile text is valid text (it is
    // stored verbatim, see bad-input.e2e-spec.ts); null on an optional property means "not
    // given" (class-validator's IsOptional) or, where the schema says nullable, "clear it".
    const maybeValid: Array<[string, unknown]> = [];
    if (prop.type === 'string' && !prop.enum) for (const text of [SQL_INJECTION[1], TRAVERSAL[0]]) maybeValid.push([JSON.stringify(text), text]);
    if (!required.has(name) || prop.nullable) maybeValid.push(['null', null]);
    for (const [label, value] of maybeValid) {
      cases.push({ label: `${name}: ${label} (with an unknown field)`, payload: { kind: 'json', value: { [name]: value, [POISON]: 1 } }, expect: [400], field: POISON });
    }
  }
  return cases;
}

// ---- uploads ----

/** A valid ZIP archive holding one text file: a zip, but not a spreadsheet. */
function zipOf(name: string, text: string): Buffer {
  const data = Buffer.from(text);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(local.length + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_MAX_BYTES = MB;

/** Uploads are read by the service (the operator's own account or unit), so an operator sends them too. */
function uploadCases(): BodyCase[] {
  const file = (name: string, content: Buffer, type = XLSX_TYPE, field = 'file'): Payload => ({ kind: 'file', field, name, content, type });
  const cases: BodyCase[] = [
    { label: 'a text file renamed .xlsx', payload: file('台账.xlsx', Buffer.from('这不是表格\nhello, world\n')), expect: [400] },
    { label: 'a PNG image renamed .xlsx', payload: file('台账.xlsx', PNG), expect: [400] },
    { label: 'a PNG image renamed .csv', payload: file('台账.csv', PNG, 'text/csv'), expect: [400] },
    { label: 'a zip archive that is not a workbook', payload: file('台账.xlsx', zipOf('readme.txt', 'not a workbook')), expect: [400] },
    { label: 'an empty file', payload: file('台账.xlsx', Buffer.alloc(0)), expect: [400] },
    { label: 'a file over the upload limit', payload: file('台账.xlsx', Buffer.alloc(UPLOAD_MAX_BYTES + 1, 0x41)), expect: [413] },
    { label: 'the wrong field name', payload: file('台账.xlsx', zipOf('a.txt', 'x'), XLSX_TYPE, 'upload'), expect: [400] },
    { label: 'a form without a file', payload: { kind: 'fields', fields: { note: 'x' } }, expect: [400] },
    { label: 'JSON instead of a form', payload: { kind: 'json', value: { file: 'x' } }, expect: [400] },
    {
      label: 'malformed multipart',
      payload: { kind: 'raw', text: '--nope\r\nContent-Disposition: form-data; name="file"\r\n\r\nx', type: 'multipart/form-data; boundary=other' },
      expect: [400],
    },
  ];
  return cases.map((c) => ({ ...c, scoped: true }));
}

// ---------------------------------------------------------------------------------------------
// Database snapshot
// ---------------------------------------------------------------------------------------------

type Snapshot = Record<string, { rows: number; hash: string }>;

/**
 * No table is excluded: login failures and throttling are counted in memory, not in the
 * database, and the battery starts no background work (its only valid requests are reads).
 */
async function snapshotDatabase(dataSource: DataSource): Promise<Snapshot> {
  const mysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  const tables: string[] = mysql
    ? (await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`)).map(
        (r: { name: string }) => r.name,
      )
    : (await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)).map((r: { name: string }) => r.name);
  const quote = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
  const normalise = (value: unknown): unknown =>
    value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? String(value) : value;
  const snapshot: Snapshot = {};
  for (const table of tables.sort()) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM ${quote(table)}`);
    const lines = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => [k, normalise(row[k])]),
        ),
      )
      .sort();
    snapshot[table] = { rows: rows.length, hash: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return snapshot;
}

// ---------------------------------------------------------------------------------------------
// Sending and judging
// ---------------------------------------------------------------------------------------------

function send(t: TestApp, c: Case, token: string): Test {
  let req = (t.http as unknown as Record<Method, (url: string) => Test>)[c.route.method](c.url).set(bearer(token)).timeout(30_000);
  const p = c.payload;
  if (p.kind === 'json') req = req.send(p.value as object);
  else if (p.kind === 'raw') req = req.set('Content-Type', p.type ?? 'application/json').send(p.text);
  else if (p.kind === 'file') req = req.attach(p.field, p.content, { filename: p.name, contentType: p.type });
  else if (p.kind === 'fields') for (const [k, v] of Object.entries(p.fields)) req = req.field(k, v);
  return req;
}

const CHINESE = /[\u4e00-\u9fff]/;

/** Null when the answer is right, else what is wrong with it. */
function judge(c: Case, res: SupertestResponse): string | null {
  const status = res.status;
  if (status >= 200 && status < 300) return c.tolerate ? null : `${status}: accepted clearly invalid input`;
  // Operators may be refused (403) before their input is looked at, on routes they may not use.
  const allowed = c.as === 'operator' ? [...c.expect, 403] : c.expect;
  if (!allowed.includes(status)) return `${status} (expected ${allowed.join('|')}${c.tolerate ? ' or 2xx' : ''}): ${JSON.stringify(res.body).slice(0, 200)}`;
  try {
    expectError(res, status);
  } catch (error) {
    return `${status} without the api.md error body: ${String((error as Error).message).split('\n')[0]} ${JSON.stringify(res.body ?? res.text).slice(0, 200)}`;
  }
  if (!CHINESE.test(res.body.message)) return `${status}: message is not one a person here can act on: ${JSON.stringify(res.body.message).slice(0, 200)}`;
  if (c.field && status === 400 && Array.isArray(res.body.errors)) {
    const fields = res.body.errors.map((e: { field?: string }) => String(e.field ?? ''));
    const named = fields.some((f: string) => f === c.field || f.startsWith(`${c.field}.`) || f.startsWith(`${c.field}[`));
    if (!named) return `400 does not name ${c.field}: ${JSON.stringify(res.body.errors).slice(0, 300)}`;
  }
  return null;
}

async function runAll<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The battery
// ---------------------------------------------------------------------------------------------

describe.each(databasesUnderTest())('bad input on every route, generated from the OpenAPI document (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let doc: OpenApiDoc;
  let routes: Route[];
  let ids: Ids;
  let before: Snapshot;
  let ran = 0;

  beforeAll(async () => {
    // Throttling would answer 429 before the input is looked at; it is tested in auth and directory suites.
    t = await startApp(kind, {
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_USER: '100000',
      LOGIN_MAX_FAILURES_PER_CLIENT: '100000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
    });
    // One listening server for all requests (supertest would otherwise listen and close per request).
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    f = await seedFixture(t);
    ids = await seedRecords(t, f);
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
    routes = readRoutes(doc);
    await t.app.get<JobQueue>(JOB_QUEUE).drain();
    before = await snapshotDatabase(t.app.get(DataSource));
  }, 120_000);
  afterAll(() => t?.close());

  it('reads the application’s routes from its own OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(60);
    const keys = routes.map((r) => r.key);
    for (const key of ['POST /api/accounts', 'PATCH /api/accounts/{id}', 'POST /api/accounts/import', 'PUT /api/targets', 'GET /api/public/verify', 'POST /api/auth/login'])
      expect(keys).toContain(key);
    expect(routes.filter((r) => r.multipart).length).toBeGreaterThanOrEqual(4);
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(20);
  });

  it('refuses every generated bad input with a 4xx and the api.md error body, as admin and as an operator', async () => {
    const failures: string[] = [];
    const generated = new Map<Route, Omit<Case, 'as'>[]>();
    for (const route of routes) {
      try {
        const base = withQuery(concretePath(route, ids), requiredQuery(route, ids, ''));
        const bodies = route.multipart ? uploadCases() : ['post', 'put', 'patch'].includes(route.method) ? bodyCases(route, doc, ids) : [];
        generated.set(route, [...pathCases(route, ids), ...queryCases(route, ids), ...bodies.map((b) => ({ route, url: base, ...b }))]);
      } catch (error) {
        failures.push(`${route.key}: cannot generate cases: ${(error as Error).message}`);
      }
    }
    // The operator's battery runs on the routes an operator may use: those where a probe is not
    // refused by role (403) before its input is read. The records are in the operator's unit.
    const operatorRoutes = new Set<Route>();
    await runAll(routes, 8, async (route) => {
      if (await operatorMayUse(t, route, ids, f.operatorAToken)) operatorRoutes.add(route);
    });
    const cases: Case[] = [];
    for (const [route, list] of generated) {
      for (const c of list) {
        cases.push({ ...c, as: 'admin' });
        if (operatorRoutes.has(route) && c.scoped) cases.push({ ...c, as: 'operator' });
      }
    }
    const tokens = { admin: f.adminToken, operator: f.operatorAToken };
    const started = Date.now();
    await runAll(cases, 8, async (c) => {
      let problem: string | null;
      try {
        problem = judge(c, await send(t, c, tokens[c.as]));
      } catch (error) {
        problem = `request failed: ${(error as Error).message}`;
      }
      if (problem) failures.push(`${c.as} ${c.route.key} [${c.label}] ${c.url.length > 150 ? `${c.url.slice(0, 150)}…` : c.url}: ${problem}`);
    });
    ran = cases.length;
    // Every route must have been exercised, so a new endpoint cannot slip through unnoticed.
    for (const route of routes) if (!cases.some((c) => c.route === route)) failures.push(`${route.key}: got no cases`);
    const operatorCases = cases.filter((c) => c.as === 'operator').length;
    console.log(
      `${kind}: ${cases.length} generated cases (${operatorCases} as an operator on ${operatorRoutes.size} routes) on ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(operatorRoutes.size).toBeGreaterThan(20);
    expect(failures.sort()).toEqual([]);
  }, 300_000);

  it('leaves every table exactly as it was', async () => {
    expect(ran).toBeGreaterThan(1000);
    await t.app.get<JobQueue>(JOB_QUEUE).drain();
    const after = await snapshotDatabase(t.app.get(DataSource));
    const changed = Object.keys({ ...before, ...after }).filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]));
    expect(changed.map((table) => ({ table, before: before[table], after: after[table] }))).toEqual([]);
    expect(Object.keys(before).length).toBeGreaterThan(20);
  });
});

/**
 * Whether an operator gets past the role check of a route: a request that cannot act (a
 * malformed id, an undeclared query parameter or body field, a form without a file) answers
 * 403 when the role is refused, else the 4xx of its bad input (or 200 for a plain read).
 */
async function operatorMayUse(t: TestApp, route: Route, ids: Ids, token: string): Promise<boolean> {
  const firstParam = route.pathParams[0];
  let url = concretePath(route, ids, firstParam ? { name: firstParam.name, segment: '0' } : undefined);
  if (!firstParam && route.queryParams.length) url += '?isAdmin=true';
  let req = (t.http as unknown as Record<Method, (url: string) => Test>)[route.method](url).set(bearer(token));
  if (route.multipart) req = req.field('note', 'x');
  else if (route.body) req = req.send({ [POISON]: 1 });
  else if (route.method !== 'get' && !firstParam && !route.queryParams.length) return true;
  return (await req).status !== 403;
}

/**
 * One record of every kind a path parameter can name, created through the API (operator A's
 * unit): an opened account with a column, a source, a poll run, a link-check run, a findings
 * scan with a finding, an error word with an allow phrase, a disabled alert channel, a repost
 * task with a confirmation, published 2023Q3 targets and report (so a wrongly accepted
 * delete would show in the snapshot), and a custom platform with an icon.
 */
async function seedRecords(t: TestApp, f: Fixture): Promise<Ids> {
  const ok = async (what: string, req: Test, status = [200, 201, 202]) => {
    const res = await req;
    if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const admin = bearer(t.adminToken);
  const operator = bearer(f.operatorAToken);
  const account = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: `坏输入账号${uniqueTag()}` });
  await ok('approve', t.http.post(`/api/accounts/${account.id}/transitions`).set(bearer(f.reviewerToken)).send({ action: 'approve' }));
  await ok(
    'open',
    t.http
      .post(`/api/accounts/${account.id}/transitions`)
      .set(operator)
      .send({ action: 'open', platformAccountId: `gh_${uniqueTag()}`, homepageUrl: 'https://mp.weixin.qq.com/s/bad-input' }),
  );
  // Private addresses are refused by the checker and the poller: nothing leaves the machine.
  const column = await ok('column', t.http.post(`/api/accounts/${account.id}/columns`).set(operator).send({ name: '政务公开', url: 'http://127.0.0.1:9/column' }));
  await ok('source', t.http.put(`/api/accounts/${account.id}/source`).set(operator).send({ kind: 'feed', url: 'http://127.0.0.1:9/feed.xml' }));
  const poll = await ok(
    'poll',
    t.http
      .post('/api/polls')
      .set(operator)
      .send({ accountIds: [account.id] }),
  );
  const linkCheck = await ok(
    'link check',
    t.http
      .post('/api/link-checks')
      .set(operator)
      .send({ columnIds: [column.id] }),
  );
  await t.app.get<JobQueue>(JOB_QUEUE).drain();
  const scan = await ok('scan', t.http.post('/api/findings/scan?wait=true').set(admin));
  const findings = await ok('findings', t.http.get(`/api/findings?accountId=${account.id}`).set(admin));
  if (!findings.items?.length) throw new Error('no finding to point at (the opened account without a contact should make one)');
  const word = await ok(
    'error word',
    t.http
      .post('/api/error-words')
      .set(admin)
      .send({ wrong: `坏输入错词${uniqueTag()}`, correct: '坏输入正词', category: 'common' }),
  );
  const allow = await ok(
    'allow',
    t.http
      .post(`/api/error-words/${word.id}/allows`)
      .set(admin)
      .send({ phrase: `前缀${word.wrong}后缀` }),
  );
  const channel = await ok(
    'channel',
    t.http
      .post('/api/alert-channels')
      .set(admin)
      .send({ name: `坏输入通道${uniqueTag()}`, kind: 'webhook', target: 'http://127.0.0.1:9/hook', kinds: ['recertify_due'], enabled: false }),
  );
  const now = Date.now();
  const task = await ok(
    'repost task',
    t.http
      .post('/api/repost-tasks')
      .set(admin)
      .send({
        title: `坏输入转发任务${uniqueTag()}`,
        sourceUrl: 'https://www.gov.cn/bad-input.htm',
        issuedAt: new Date(now - 86_400_000).toISOString(),
        dueAt: new Date(now + 86_400_000).toISOString(),
        unitIds: [f.unitA.id],
        platforms: ['wechat'],
      }),
  );
  const confirmation = await ok(
    'confirmation',
    t.http
      .post(`/api/repost-tasks/${task.id}/confirmations`)
      .set(operator)
      .send({ accountId: account.id, evidenceUrl: 'https://mp.weixin.qq.com/s/confirmed', postedAt: new Date(now - 3_600_000).toISOString(), note: '人工确认' }),
  );
  await ok('default target', t.http.put('/api/targets').set(admin).send({ quarter: '2023Q3', posts: 30, reposts: 45 }));
  await ok('unit target', t.http.put('/api/targets').set(admin).send({ quarter: '2023Q3', unitId: f.unitA.id, posts: 10, reposts: 5 }));
  await ok('publish', t.http.post('/api/reports/quarterly/publish').set(admin).send({ quarter: '2023Q3' }));
  const reportExport = await ok('report export', t.http.post('/api/reports/exports').set(admin).send({ report: 'quarterly', quarter: '2023Q3', format: 'xlsx' }));
  const rectification = await ok(
    'rectification',
    t.http.post('/api/rectifications').set(admin).send({ unitId: f.unitA.id, accountId: account.id, title: '坏输入整改', problem: '问题', dueAt: '2099-12-31' }),
  );
  // An open round of the current quarter (its accounts are open now).
  const inspection = await ok(
    'inspection',
    t.http
      .post('/api/inspections')
      .set(admin)
      .send({ quarter: formatQuarter(quarterOf(new Date(), 'Asia/Shanghai')) }),
  );
  // A discovery row still to be triaged (账号发现).
  const discoveryCsv = ['平台,账号名称,账号ID,主页链接,认证主体,最近发布', `微博,坏输入发现${uniqueTag()},5566778899,,,2023-08-01`].join('\n');
  const discoveryBatch = await ok('discovery import', t.http.post('/api/discoveries/import').set(admin).attach('file', Buffer.from(discoveryCsv), 'discovery.csv'));
  const discoveryRow = (await ok('discovery rows', t.http.get('/api/discoveries').query({ batchId: discoveryBatch.batchId }).set(admin))).items[0];
  // A custom platform, for routes that name a platform by its code (PATCH /api/platforms/{code}).
  const platform = await ok(
    'custom platform',
    t.http
      .post('/api/platforms')
      .set(admin)
      .send({ code: 'bad_input_test', name: `坏输入平台${uniqueTag()}`, urlPatterns: ['^bad-input\\.example\\.gov\\.cn/'], icon: { color: '#1677FF', glyph: '坏' } }),
  );
  return {
    platform: platform.code,
    discoveryRow: discoveryRow.id,
    inspection: inspection.id,
    reportExport: reportExport.id,
    rectification: rectification.id,
    account: account.id,
    unit: f.unitA.id,
    user: f.operatorA.id,
    column: column.id,
    linkCheck: linkCheck.id,
    poll: poll.id,
    scan: scan.id,
    finding: findings.items[0].id,
    errorWord: word.id,
    allow: allow.id,
    channel: channel.id,
    task: task.id,
    confirmation: confirmation.id,
  };
}
