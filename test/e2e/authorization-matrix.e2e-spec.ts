import ExcelJS from 'exceljs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import type { Response, Test } from 'supertest';
import { formatQuarter, quarterOf } from '../../src/common/quarter';
import { DEFAULT_INDICATORS } from '../../src/modules/inspections/indicators';
import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { makePosts, PlatformSimulator } from '../simulator/platform-simulator';
import { ADMIN, bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

/**
 * The authorisation matrix: every route the application serves (read from its own OpenAPI
 * document, so a new endpoint cannot slip past) × every kind of user — admin, reviewer, the
 * operator of unit A, the operator of unit B, a viewer — with the status each must get.
 *
 * Requests aim at real rows of unit B (accounts in several states, columns, posts, sources, link
 * checks, poll runs, findings, repost tasks and confirmations…), so for unit-scoped routes the
 * operator of unit B is the owner and the operator of unit A the outsider. Writes carry bodies that
 * would be accepted, so 2xx against 403 is a real difference and not a 400 from validation; calls
 * that change or consume something get a fresh resource per role. Afterwards, the operators' views
 * of lists, search, reports and exports are searched for the other unit's names and ids.
 */

type Role = 'admin' | 'reviewer' | 'operatorA' | 'operatorB' | 'viewer';
const ROLES: readonly Role[] = ['admin', 'reviewer', 'operatorA', 'operatorB', 'viewer'];
type Expected = Record<Role, number>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every role gets `status`. */
const everyone = (status: number): Expected => ({ admin: status, reviewer: status, operatorA: status, operatorB: status, viewer: status });
/** Reading unit B's data: everyone but the operator of unit A, who gets 403. */
const readB = (status: number): Expected => ({ ...everyone(status), operatorA: 403 });
/** Changing unit B's data: admin, reviewer and B's own operator; A's operator and the viewer get 403. */
const writeB = (status: number): Expected => ({ admin: status, reviewer: status, operatorA: 403, operatorB: status, viewer: 403 });
/** Office work (政务公开办): admin and reviewer only. */
const office = (status: number): Expected => ({ ...everyone(403), admin: status, reviewer: status });
const adminOnly = (status: number): Expected => ({ ...everyone(403), admin: status });

interface Case {
  /** What the request aims at, when it is not obvious or a route has several cases. */
  label?: string;
  expect: Expected;
  /** Sends the request as `role`; calls that change or consume something prepare a fresh resource first. */
  send: (w: World, role: Role) => PromiseLike<Response>;
}

/** Text that only unit A's or unit B's data contains (names of their accounts, columns, posts, notes). */
const A_MARK = '甲单位专属';
const B_MARK = '乙单位专属';
const Q = '2023Q3';
/** The password seedFixture gives every user it creates. */
const FIXTURE_PASSWORD = 'Password#1';
const ISSUED = '2023-08-01T09:00:00+08:00';
const DUE = '2023-08-10T18:00:00+08:00';
/** Inspection rounds of the matrix cover the current quarter: the accounts the fixture opens now are in them. */
const NOW_Q = formatQuarter(quarterOf(new Date(), 'Asia/Shanghai'));

/** The table: one entry per route the application serves, keyed by "METHOD /path" as its OpenAPI document names it. */
const MATRIX: Record<string, Case[]> = {
  // ---- login and the current user ----
  'POST /api/auth/login': [
    {
      label: 'own credentials',
      expect: everyone(200),
      send: (w, r) => w.t.http.post('/api/auth/login').send({ username: w.usernames[r], password: r === 'admin' ? ADMIN.password : FIXTURE_PASSWORD }),
    },
  ],
  'GET /api/auth/me': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/auth/me') }],
  // Every user changes their own password; a change ends the user's sessions, so it is made by a fresh user of the role.
  'POST /api/auth/password': [
    {
      label: 'a fresh user of the role',
      expect: everyone(204),
      send: async (w, r) =>
        w.t.http
          .post('/api/auth/password')
          .set(bearer(await w.freshUserToken(r)))
          .send({ currentPassword: FIXTURE_PASSWORD, newPassword: 'Changed#2024m' }),
    },
    {
      label: 'own token, wrong current password',
      expect: everyone(400),
      send: (w, r) => w.req(r, 'post', '/api/auth/password').send({ currentPassword: 'Wrong#Pass1', newPassword: 'Changed#2024m' }),
    },
  ],
  'GET /api/health': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/health') }],
  'GET /api/system/status': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/system/status') }],

  // ---- the platform registry ----
  'GET /api/platforms': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/platforms') }],
  'POST /api/platforms': [
    {
      expect: adminOnly(201),
      send: (w, r) => w.req(r, 'post', '/api/platforms').send({ code: `p${uniqueTag()}`, name: `平台${uniqueTag()}`, urlPatterns: [`^p${uniqueTag()}\\.example\\.cn/`] }),
    },
  ],
  'PATCH /api/platforms/{code}': [
    {
      label: 'a fresh custom platform',
      expect: adminOnly(200),
      send: async (w, r) => w.req(r, 'patch', `/api/platforms/${await w.freshPlatform()}`).send({ icon: { color: '#0066FF', glyph: '测' }, idHint: '测试提示' }),
    },
  ],

  // ---- account discovery (账号发现): office work ----
  'POST /api/discoveries/import': [
    {
      expect: office(200),
      send: (w, r) => w.req(r, 'post', '/api/discoveries/import').attach('file', Buffer.from(`平台,账号名称,账号ID\n微博,巡查${uniqueTag()},55${Date.now()}`), 'discovery.csv'),
    },
  ],
  'GET /api/discoveries': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/discoveries') }],
  'GET /api/discoveries/batches': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/discoveries/batches') }],
  'POST /api/discoveries/{id}/triage': [
    {
      label: 'a fresh row',
      expect: office(200),
      send: async (w, r) => {
        const batch = await w.ok(
          w.req('admin', 'post', '/api/discoveries/import').attach('file', Buffer.from(`平台,账号名称,账号ID\n微博,巡查${uniqueTag()},66${Date.now()}`), 'd.csv'),
          200,
        );
        const rows = await w.ok(w.req('admin', 'get', `/api/discoveries?batchId=${batch.batchId}`), 200);
        return w.req(r, 'post', `/api/discoveries/${rows.items[0].id}/triage`).send({ action: 'dismiss', note: '与本区无关' });
      },
    },
  ],

  // ---- units and users ----
  'POST /api/units': [{ expect: adminOnly(201), send: (w, r) => w.req(r, 'post', '/api/units').send({ name: `新设单位${uniqueTag()}`, kind: 'other' }) }],
  'GET /api/units': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/units') }],
  'GET /api/units/{id}': [{ label: 'unit B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/units/${w.unitB}`) }],
  'PATCH /api/units/{id}': [
    { label: 'unit B', expect: adminOnly(200), send: (w, r) => w.req(r, 'patch', `/api/units/${w.unitB}`).send({ contactName: `${B_MARK}联络员`, contactPhone: '0917-3000003' }) },
  ],
  'POST /api/units/{id}/abolish': [
    {
      label: 'a fresh unit',
      expect: adminOnly(200),
      send: async (w, r) => w.req(r, 'post', `/api/units/${await w.freshUnit()}/abolish`).send({ reason: '机构改革，职责并入其他单位' }),
    },
  ],
  'POST /api/users': [{ expect: adminOnly(201), send: (w, r) => w.req(r, 'post', '/api/users').send({ username: `new_${uniqueTag()}`, password: 'Password#2', role: 'viewer' }) }],
  'GET /api/users': [{ expect: adminOnly(200), send: (w, r) => w.req(r, 'get', '/api/users') }],
  'GET /api/users/{id}': [{ label: "unit B's operator", expect: adminOnly(200), send: (w, r) => w.req(r, 'get', `/api/users/${w.operatorBId}`) }],
  'PATCH /api/users/{id}': [
    { label: 'a spare viewer', expect: adminOnly(200), send: (w, r) => w.req(r, 'patch', `/api/users/${w.spareUserId}`).send({ displayName: `备用${uniqueTag()}` }) },
  ],

  // ---- accounts and their lifecycle ----
  'GET /api/overview': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/overview') }],
  'POST /api/accounts': [
    {
      label: 'for unit B',
      expect: writeB(201),
      send: (w, r) =>
        w.req(r, 'post', '/api/accounts').send({ unitId: w.unitB, platform: 'other', name: `${B_MARK}新申请${uniqueTag()}`, operatorName: '赵六', justification: '测试多账号' }),
    },
  ],
  'GET /api/accounts': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/accounts') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts?unitId=${w.unitB}`) },
  ],
  'GET /api/accounts/export': [{ label: 'operators get their own unit', expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/accounts/export?format=csv') }],
  'GET /api/accounts/import/template': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/accounts/import/template') }],
  'POST /api/accounts/import': [
    {
      // An import is all rows or none; a row of another unit is refused as a row error (400 with
      // errors[{row, message}], api.md's import contract), and nothing is imported.
      label: 'a ledger row of unit B',
      expect: { ...writeB(200), operatorA: 400 },
      send: (w, r) =>
        w
          .req(r, 'post', '/api/accounts/import')
          .attach('file', Buffer.from(`单位,平台,账号名称,状态,开设时间,多账号理由\n${w.unitBName},快手,${B_MARK}台账${uniqueTag()},已申请,2021-03-05,测试多账号`), 'ledger.csv'),
    },
  ],
  'GET /api/accounts/{id}': [{ label: "B's opened account", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts/${w.bOpened}`) }],
  'PATCH /api/accounts/{id}': [
    { label: "B's opened account", expect: writeB(200), send: (w, r) => w.req(r, 'patch', `/api/accounts/${w.bOpened}`).send({ operatorPhone: '0917-2000002' }) },
  ],
  'POST /api/accounts/{id}/transitions': [
    {
      label: 'approve a fresh application of unit B',
      expect: office(200),
      send: async (w, r) => w.req(r, 'post', `/api/accounts/${await w.freshAppliedB()}/transitions`).send({ action: 'approve' }),
    },
    {
      label: 'request_deregistration of a fresh opened account of unit B',
      expect: writeB(200),
      send: async (w, r) => w.req(r, 'post', `/api/accounts/${await w.freshOpenedB()}/transitions`).send({ action: 'request_deregistration', reason: '机构调整，不再运营' }),
    },
    {
      label: 'deregister a fresh closing account of unit B',
      expect: office(200),
      send: async (w, r) => w.req(r, 'post', `/api/accounts/${await w.freshClosingB()}/transitions`).send({ action: 'deregister' }),
    },
  ],
  'GET /api/accounts/{id}/history': [{ label: "B's opened account", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts/${w.bOpened}/history`) }],

  // ---- columns and link health ----
  'POST /api/accounts/{id}/columns': [
    {
      label: "B's opened account",
      expect: writeB(201),
      send: (w, r) => w.req(r, 'post', `/api/accounts/${w.bOpened}/columns`).send({ name: `${B_MARK}新栏目${uniqueTag()}`, url: `${w.site}/ok/${uniqueTag()}` }),
    },
  ],
  'GET /api/accounts/{id}/columns': [{ label: "B's opened account", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts/${w.bOpened}/columns`) }],
  'GET /api/columns': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/columns') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/columns?unitId=${w.unitB}`) },
  ],
  'GET /api/columns/{id}': [{ label: 'a column of unit B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/columns/${w.bColumn}`) }],
  'PATCH /api/columns/{id}': [
    { label: 'a column of unit B', expect: writeB(200), send: (w, r) => w.req(r, 'patch', `/api/columns/${w.bColumn}`).send({ name: `${B_MARK}栏目${uniqueTag()}` }) },
  ],
  'DELETE /api/columns/{id}': [{ label: 'a fresh column of unit B', expect: writeB(204), send: async (w, r) => w.req(r, 'delete', `/api/columns/${await w.freshColumnB()}`) }],
  'POST /api/link-checks': [
    { label: 'unit B', expect: writeB(202), send: (w, r) => w.req(r, 'post', '/api/link-checks').send({ unitId: w.unitB }) },
    { label: 'a column of unit B', expect: writeB(202), send: (w, r) => w.req(r, 'post', '/api/link-checks').send({ columnIds: [w.bColumn] }) },
  ],
  'GET /api/link-checks': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/link-checks') }],
  'GET /api/link-checks/{id}': [{ label: "a run over unit B's columns", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/link-checks/${w.bLinkRun}`) }],
  'GET /api/columns/{id}/checks': [{ label: 'a column of unit B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/columns/${w.bColumn}/checks`) }],

  // ---- sources, polls and posts ----
  'GET /api/accounts/{id}/source': [{ label: "B's opened account", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts/${w.bOpened}/source`) }],
  'PUT /api/accounts/{id}/source': [
    { label: "B's opened account", expect: writeB(200), send: (w, r) => w.req(r, 'put', `/api/accounts/${w.bOpened}/source`).send({ kind: 'feed', url: w.feedB }) },
  ],
  'POST /api/polls': [{ label: "B's opened account", expect: writeB(202), send: (w, r) => w.req(r, 'post', '/api/polls').send({ accountIds: [w.bOpened] }) }],
  'GET /api/polls/{id}': [{ label: "a run B's operator asked for", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/polls/${w.bPollRun}`) }],
  'GET /api/posts': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/posts') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/posts?unitId=${w.unitB}`) },
  ],
  'GET /api/stats/posts': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/stats/posts?quarter=${Q}`) },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/stats/posts?quarter=${Q}&unitId=${w.unitB}`) },
  ],
  'POST /api/accounts/{id}/posts/import': [
    {
      label: "B's opened account",
      expect: writeB(200),
      send: (w, r) =>
        w
          .req(r, 'post', `/api/accounts/${w.bOpened}/posts/import`)
          .attach('file', Buffer.from(`标题,发布时间,类型\n${B_MARK}补录${uniqueTag()},2023-08-20 10:00,发布`), 'posts.csv'),
    },
  ],

  // ---- alerts and alert channels ----
  'GET /api/alerts': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/alerts') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/alerts?unitId=${w.unitB}`) },
  ],
  'POST /api/alert-channels': [
    {
      expect: office(201),
      send: (w, r) => w.req(r, 'post', '/api/alert-channels').send({ name: `通道${uniqueTag()}`, kind: 'webhook', target: `${w.site}/hook`, kinds: ['finding'] }),
    },
  ],
  'GET /api/alert-channels': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/alert-channels') }],
  'GET /api/alert-channels/{id}': [{ expect: office(200), send: (w, r) => w.req(r, 'get', `/api/alert-channels/${w.channel}`) }],
  'DELETE /api/alert-channels/{id}': [{ label: 'a fresh channel', expect: office(204), send: async (w, r) => w.req(r, 'delete', `/api/alert-channels/${await w.freshChannel()}`) }],
  'GET /api/alert-channels/{id}/deliveries': [{ expect: office(200), send: (w, r) => w.req(r, 'get', `/api/alert-channels/${w.channel}/deliveries`) }],
  'POST /api/alert-channels/{id}/test': [{ expect: office(200), send: (w, r) => w.req(r, 'post', `/api/alert-channels/${w.channel}/test`) }],

  // ---- the 错敏词 library (district-wide) ----
  'GET /api/error-words': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/error-words') }],
  'POST /api/error-words': [
    { expect: office(201), send: (w, r) => w.req(r, 'post', '/api/error-words').send({ wrong: `错写${uniqueTag()}`, correct: '正确写法', category: 'common' }) },
  ],
  'GET /api/error-words/export': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/error-words/export') }],
  'POST /api/error-words/import': [
    {
      expect: office(200),
      send: (w, r) => w.req(r, 'post', '/api/error-words/import').attach('file', Buffer.from(`错误写法,正确写法,类别\n导入错${uniqueTag()},导入正,常见易错词`), 'words.csv'),
    },
  ],
  'GET /api/error-words/{id}': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/error-words/${w.word.id}`) }],
  'PATCH /api/error-words/{id}': [{ expect: office(200), send: (w, r) => w.req(r, 'patch', `/api/error-words/${w.word.id}`).send({ note: `说明${uniqueTag()}` }) }],
  'DELETE /api/error-words/{id}': [{ label: 'a fresh word', expect: office(204), send: async (w, r) => w.req(r, 'delete', `/api/error-words/${await w.freshWord()}`) }],
  'POST /api/error-words/{id}/allows': [
    { expect: office(201), send: (w, r) => w.req(r, 'post', `/api/error-words/${w.word.id}/allows`).send({ phrase: `前${w.word.wrong}后${uniqueTag()}` }) },
  ],
  'DELETE /api/error-words/{id}/allows/{allowId}': [
    { label: 'a fresh allow phrase', expect: office(200), send: async (w, r) => w.req(r, 'delete', `/api/error-words/${w.word.id}/allows/${await w.freshAllow()}`) },
  ],

  // ---- leaders (领导信息, district-wide) ----
  'GET /api/leaders': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/leaders') }],
  'PUT /api/leaders': [{ expect: adminOnly(200), send: (w, r) => w.req(r, 'put', '/api/leaders').send([{ name: '赵六', title: '区长', validFrom: '2021-01-01' }]) }],

  // ---- findings ----
  'POST /api/findings/scan': [{ expect: office(202), send: (w, r) => w.req(r, 'post', '/api/findings/scan?wait=true') }],
  'GET /api/findings/scans': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/findings/scans') }],
  'GET /api/findings/scans/{id}': [{ expect: office(200), send: (w, r) => w.req(r, 'get', `/api/findings/scans/${w.scan}`) }],
  'GET /api/findings': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/findings') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/findings?unitId=${w.unitB}`) },
  ],
  'GET /api/findings/{id}': [{ label: 'a finding of unit B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/findings/${w.bFinding}`) }],
  'POST /api/findings/{id}/accept': [
    {
      label: 'a fresh open finding of unit B',
      expect: office(200),
      send: (w, r) => w.req(r, 'post', `/api/findings/${w.freshFindingB()}/accept`).send({ reason: '已核实,负责人已补报' }),
    },
  ],

  // ---- targets and the quarterly report ----
  'GET /api/settings/report': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/settings/report') }],
  'PUT /api/settings/report': [
    { expect: adminOnly(200), send: (w, r) => w.req(r, 'put', '/api/settings/report').send({ issuer: '政务公开办', documentNumber: null, signedAt: 'period_end' }) },
  ],
  'GET /api/targets': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/targets?quarter=${Q}`) }],
  'PUT /api/targets': [{ label: 'unit B', expect: office(200), send: (w, r) => w.req(r, 'put', '/api/targets').send({ quarter: Q, unitId: w.unitB, posts: 3, reposts: 1 }) }],
  'DELETE /api/targets': [
    { label: 'a fresh target of unit B', expect: office(200), send: async (w, r) => w.req(r, 'delete', `/api/targets?quarter=2024Q1&unitId=${await w.freshTargetB()}`) },
  ],
  'GET /api/reports/quarterly': [
    { label: 'json', expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/reports/quarterly?quarter=${Q}`) },
    // The statistics table and the bulletin are the whole district's documents (api.md): not for operators.
    { label: 'xlsx', expect: { ...everyone(200), operatorA: 403, operatorB: 403 }, send: (w, r) => w.req(r, 'get', `/api/reports/quarterly?quarter=${Q}&format=xlsx`) },
    { label: 'docx', expect: { ...everyone(200), operatorA: 403, operatorB: 403 }, send: (w, r) => w.req(r, 'get', `/api/reports/quarterly?quarter=${Q}&format=docx`) },
  ],
  'GET /api/reports/overview-charts': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/reports/overview-charts?quarter=${Q}`) }],
  'GET /api/reports/dormant': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/reports/dormant?days=30') }],
  'GET /api/reports/dormant/export': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/reports/dormant/export?days=30') }],
  'POST /api/reports/quarterly/publish': [{ expect: office(201), send: (w, r) => w.req(r, 'post', '/api/reports/quarterly/publish').send({ quarter: '2023Q2', replace: true }) }],
  'DELETE /api/reports/quarterly/publish': [
    {
      label: 'a freshly published quarter',
      expect: adminOnly(200),
      send: async (w, r) => w.req(r, 'delete', `/api/reports/quarterly/publish?quarter=${await w.freshPublished()}`),
    },
  ],

  // ---- inspections (检查评分) ----
  'GET /api/inspection-indicators': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/inspection-indicators') }],
  'PUT /api/inspection-indicators': [{ label: 'the defaults', expect: adminOnly(200), send: (w, r) => w.req(r, 'put', '/api/inspection-indicators').send(DEFAULT_INDICATORS) }],
  'POST /api/inspections': [{ expect: office(201), send: (w, r) => w.req(r, 'post', '/api/inspections').send({ quarter: NOW_Q, sampleRate: 0.5 }) }],
  'GET /api/inspections': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/inspections') }],
  'GET /api/inspections/{id}': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/inspections/${w.inspection}`) }],
  'POST /api/inspections/{id}/evaluate': [{ expect: office(202), send: (w, r) => w.req(r, 'post', `/api/inspections/${w.inspection}/evaluate`) }],
  'GET /api/inspections/{id}/accounts': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/inspections/${w.inspection}/accounts`) },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/inspections/${w.inspection}/accounts?unitId=${w.unitB}`) },
  ],
  'PUT /api/inspections/{id}/accounts/{accountId}/manual': [
    {
      label: 'an account of unit B',
      expect: office(200),
      send: (w, r) =>
        w.req(r, 'put', `/api/inspections/${w.inspection}/accounts/${w.inspectionAccountB}/manual`).send({ items: [{ code: 'slow_reply', hit: true, note: '测试' }] }),
    },
  ],
  'POST /api/inspections/{id}/finalize': [
    { label: 'a fresh evaluated round', expect: office(200), send: async (w, r) => w.req(r, 'post', `/api/inspections/${await w.freshEvaluatedRound(r)}/finalize`) },
  ],
  'GET /api/inspections/{id}/report': [
    { label: 'json', expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/inspections/${w.inspection}/report`) },
    // The results table and the bulletin section are the whole district's documents: not for operators.
    { label: 'xlsx', expect: { ...everyone(200), operatorA: 403, operatorB: 403 }, send: (w, r) => w.req(r, 'get', `/api/inspections/${w.inspection}/report?format=xlsx`) },
    { label: 'docx', expect: { ...everyone(200), operatorA: 403, operatorB: 403 }, send: (w, r) => w.req(r, 'get', `/api/inspections/${w.inspection}/report?format=docx`) },
  ],

  // ---- re-certification ----
  'GET /api/recertifications': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/recertifications') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/recertifications?unitId=${w.unitB}`) },
  ],
  'POST /api/accounts/{id}/recertify': [
    { label: "B's opened account", expect: writeB(200), send: (w, r) => w.req(r, 'post', `/api/accounts/${w.bOpened}/recertify`).send({ certifiedSubject: `${B_MARK}主体` }) },
  ],
  'GET /api/accounts/{id}/recertification': [{ label: "B's opened account", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts/${w.bOpened}/recertification`) }],
  'GET /api/accounts/{id}/contacts': [{ label: "B's opened account", expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/accounts/${w.bOpened}/contacts`) }],

  // ---- rectification (整改) ----
  'POST /api/rectifications': [{ label: 'an order for unit B', expect: office(201), send: (w, r) => w.req(r, 'post', '/api/rectifications').send(orderBody(w.unitB)) }],
  'GET /api/rectifications': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/rectifications') },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/rectifications?unitId=${w.unitB}`) },
  ],
  'GET /api/rectifications/summary': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/rectifications/summary') }],
  'GET /api/rectifications/export': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/rectifications/export?format=xlsx') }],
  'POST /api/rectifications/import': [
    {
      label: "a problem of B's opened account",
      expect: office(200),
      send: (w, r) =>
        w
          .req(r, 'post', '/api/rectifications/import')
          .attach('file', Buffer.from(`账号名称,平台,问题描述,发现时间,整改期限,主页链接\n${B_MARK}微博,微博,${B_MARK}问题,2023-09-01,2099-12-31,${w.bHomepage}`), 'problems.csv'),
    },
  ],
  'GET /api/rectifications/{id}': [{ label: 'an order of unit B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/rectifications/${w.bOrder}`) }],
  // The unit's operator or the admin answers (api.md); reviewers verify, so they do not answer.
  'POST /api/rectifications/{id}/response': [
    {
      label: 'a fresh order of unit B',
      expect: { ...writeB(200), reviewer: 403 },
      send: async (w, r) => w.req(r, 'post', `/api/rectifications/${await w.freshOrderB()}/response`).send({ text: `${B_MARK}已整改` }),
    },
  ],
  'POST /api/rectifications/{id}/verify': [
    {
      label: "a fresh order of unit B answered by B's operator",
      expect: office(200),
      send: async (w, r) => w.req(r, 'post', `/api/rectifications/${await w.freshOrderB(true)}/verify`).send({ result: 'accepted', note: '复查通过' }),
    },
  ],
  'POST /api/findings/{id}/rectification': [
    {
      label: 'a fresh open finding of unit B',
      expect: office(201),
      send: (w, r) => w.req(r, 'post', `/api/findings/${w.freshFindingB()}/rectification`).send({ dueAt: '2099-12-31' }),
    },
  ],
  // A round that does not exist: 404 to the office, refused (403) to others (round 1 is the matrix's own open round).
  'POST /api/inspections/{id}/rectifications': [
    { label: 'an unknown round', expect: office(404), send: (w, r) => w.req(r, 'post', '/api/inspections/999999/rectifications').send({ dueAt: '2099-12-31' }) },
  ],

  // ---- repost tasks ----
  'POST /api/repost-tasks': [{ expect: office(201), send: (w, r) => w.req(r, 'post', '/api/repost-tasks').send(taskBody([w.unitB])) }],
  'GET /api/repost-tasks': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/repost-tasks') }],
  'GET /api/repost-tasks/import/template': [{ expect: office(200), send: (w, r) => w.req(r, 'get', '/api/repost-tasks/import/template') }],
  'POST /api/repost-tasks/import': [
    {
      expect: office(200),
      send: (w, r) => {
        const tag = uniqueTag();
        const csv = `标题,来源链接,下达时间,截止时间,平台\n导入任务${tag},https://www.gov.cn/zhengce/${tag}.htm,2023-08-01 09:00,2023-08-10 18:00,微博`;
        return w.req(r, 'post', '/api/repost-tasks/import').attach('file', Buffer.from(csv), 'tasks.csv');
      },
    },
  ],
  'GET /api/repost-tasks/{id}': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/repost-tasks/${w.task}`) }],
  'PATCH /api/repost-tasks/{id}': [
    { label: 'a task not yet due', expect: office(200), send: (w, r) => w.req(r, 'patch', `/api/repost-tasks/${w.openTask}`).send({ title: `尚未截止的任务${uniqueTag()}` }) },
  ],
  'GET /api/repost-tasks/{id}/history': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/repost-tasks/${w.task}/history`) }],
  'GET /api/repost-tasks/{id}/compliance': [
    { expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/repost-tasks/${w.task}/compliance`) },
    { label: '?unitId=B', expect: readB(200), send: (w, r) => w.req(r, 'get', `/api/repost-tasks/${w.task}/compliance?unitId=${w.unitB}`) },
  ],
  'GET /api/repost-tasks/{id}/confirmations': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/repost-tasks/${w.task}/confirmations`) }],
  'POST /api/repost-tasks/{id}/confirmations': [
    {
      label: "B's opened account, on a fresh task",
      expect: writeB(201),
      send: async (w, r) => w.req(r, 'post', `/api/repost-tasks/${await w.freshTaskB()}/confirmations`).send(confirmationBody(w.bOpened, `${B_MARK}确认`)),
    },
  ],
  'DELETE /api/repost-tasks/{id}/confirmations/{confirmationId}': [
    {
      label: "a fresh confirmation of B's account",
      expect: office(200),
      send: async (w, r) => {
        const { task, id } = await w.freshConfirmationB();
        return w.req(r, 'delete', `/api/repost-tasks/${task}/confirmations/${id}`);
      },
    },
  ],
  'POST /api/repost-tasks/{id}/confirmations/{confirmationId}/revoke': [
    {
      label: "a fresh confirmation of B's account",
      expect: office(200),
      send: async (w, r) => {
        const { task, id } = await w.freshConfirmationB();
        return w.req(r, 'post', `/api/repost-tasks/${task}/confirmations/${id}/revoke`).send({ reason: '证据链接有误' });
      },
    },
  ],
  // Report files built in the background: anyone may ask (as for the direct download); each sees only their own.
  'POST /api/reports/exports': [
    {
      label: 'repost-compliance xlsx',
      expect: everyone(202),
      send: (w, r) => w.req(r, 'post', '/api/reports/exports').send({ report: 'repost-compliance', quarter: Q, format: 'xlsx' }),
    },
    {
      label: 'quarterly docx',
      expect: { ...everyone(202), operatorA: 403, operatorB: 403 },
      send: (w, r) => w.req(r, 'post', '/api/reports/exports').send({ report: 'quarterly', quarter: Q, format: 'docx' }),
    },
  ],
  'GET /api/reports/exports/{id}': [{ label: "the admin's export", expect: adminOnly(200), send: (w, r) => w.req(r, 'get', `/api/reports/exports/${w.reportExport}`) }],
  'GET /api/reports/exports/{id}/file': [{ label: "the admin's export", expect: adminOnly(200), send: (w, r) => w.req(r, 'get', `/api/reports/exports/${w.reportExport}/file`) }],
  'GET /api/reports/repost-compliance': [
    { label: 'json', expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/reports/repost-compliance?quarter=${Q}`) },
    { label: 'xlsx', expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/reports/repost-compliance?quarter=${Q}&format=xlsx`) },
  ],

  // ---- the public directory: no login needed, and a token changes nothing ----
  'GET /api/public/accounts': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/public/accounts') }],
  'GET /api/public/units': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/public/units') }],
  'GET /api/public/verify': [{ label: "B's opened account", expect: everyone(200), send: (w, r) => w.req(r, 'get', `/api/public/verify?url=${encodeURIComponent(w.bHomepage)}`) }],
  'GET /api/public/accounts.csv': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/public/accounts.csv') }],
  'GET /api/public/accounts.xlsx': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/public/accounts.xlsx') }],
  'GET /api/public/embed.json': [{ expect: everyone(200), send: (w, r) => w.req(r, 'get', '/api/public/embed.json') }],
};

/** A rectification order for the unit, due far in the future. */
function orderBody(unitId: number, mark = B_MARK) {
  return { unitId, title: `${mark}整改${uniqueTag()}`, problem: `${mark}问题`, dueAt: '2099-12-31' };
}

function taskBody(unitIds: number[]) {
  const tag = uniqueTag();
  return {
    title: `转发任务${tag}`,
    sourceUrl: `https://www.gov.cn/zhengce/content/${tag}.htm`,
    sourceName: '中国政府网',
    issuedAt: ISSUED,
    dueAt: DUE,
    platforms: ['weibo'],
    unitIds,
  };
}

function confirmationBody(accountId: number, note: string) {
  return { accountId, evidenceUrl: `https://weibo.com/repost/${uniqueTag()}`, postedAt: '2023-08-02T10:00:00+08:00', note };
}

/** What a request needs: tokens, the rows seeded for units A and B, and fresh resources on demand. */
class World {
  usernames = {} as Record<Role, string>;
  unitA = 0;
  unitB = 0;
  unitAName = '';
  unitBName = '';
  operatorBId = 0;
  spareUserId = 0;
  aOpened = 0;
  bOpened = 0;
  bHomepage = '';
  bColumn = 0;
  bLinkRun = 0;
  bPollRun = 0;
  feedB = '';
  scan = 0;
  reportExport = 0;
  bFinding = 0;
  /** Open findings of unit B, one for each accept case and each rectification case. */
  bOpenFindings: number[] = [];
  bOrder = 0;
  task = 0;
  openTask = 0;
  channel = 0;
  word = { id: 0, wrong: '' };
  inspection = 0;
  inspectionAccountB = 0;

  constructor(
    readonly t: TestApp,
    readonly f: Fixture,
    readonly site: string,
  ) {
    this.unitA = f.unitA.id;
    this.unitB = f.unitB.id;
    this.unitAName = f.unitA.name;
    this.unitBName = f.unitB.name;
  }

  token(role: Role): string {
    const { f } = this;
    return { admin: f.adminToken, reviewer: f.reviewerToken, operatorA: f.operatorAToken, operatorB: f.operatorBToken, viewer: f.viewerToken }[role];
  }

  req(role: Role, method: Method, url: string): Test {
    return (this.t.http as unknown as Record<Method, (url: string) => Test>)[method](url).set(bearer(this.token(role)));
  }

  /** A request that must succeed with `status` (seeding); returns the body. */
  async ok(test: PromiseLike<Response>, status: number): Promise<any> {
    const res = await test;
    if (res.status !== status) throw new Error(`seeding: expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  }

  async accountIdByName(name: string): Promise<number> {
    const list = await this.ok(this.req('admin', 'get', `/api/accounts?q=${encodeURIComponent(name)}`), 200);
    const found = list.items.find((a: { name: string }) => a.name === name);
    if (!found) throw new Error(`account ${name} not found`);
    return found.id;
  }

  // ---- fresh resources, created by the admin ----

  async freshPlatform(): Promise<string> {
    const code = `p${uniqueTag()}`.toLowerCase().replace(/[^a-z0-9_]/g, '');
    await this.ok(this.req('admin', 'post', '/api/platforms').send({ code, name: `平台${uniqueTag()}`, urlPatterns: [`^${code}\\.example\\.cn/`] }), 201);
    return code;
  }

  async freshUnit(): Promise<number> {
    return (await this.ok(this.req('admin', 'post', '/api/units').send({ name: `待撤并单位${uniqueTag()}`, kind: 'other' }), 201)).id;
  }

  async freshAppliedB(): Promise<number> {
    const body = { unitId: this.unitB, platform: 'bilibili', name: `${B_MARK}待审批${uniqueTag()}`, justification: '测试多账号' };
    return (await this.ok(this.req('operatorB', 'post', '/api/accounts').send(body), 201)).id;
  }

  async freshOpenedB(): Promise<number> {
    return (await ledgerAccounts(this.t, this.unitBName, '快手', 1))[0];
  }

  async freshClosingB(): Promise<number> {
    const id = await this.freshOpenedB();
    // Requested by the unit's operator, so every office role may confirm it (maker-checker).
    await this.ok(this.req('operatorB', 'post', `/api/accounts/${id}/transitions`).send({ action: 'request_deregistration', reason: '停止运营' }), 200);
    return id;
  }

  async freshColumnB(): Promise<number> {
    return (
      await this.ok(
        this.req('admin', 'post', `/api/accounts/${this.bOpened}/columns`).send({ name: `${B_MARK}待删栏目${uniqueTag()}`, url: `${this.site}/ok/${uniqueTag()}` }),
        201,
      )
    ).id;
  }

  async freshChannel(): Promise<number> {
    return (
      await this.ok(
        this.req('admin', 'post', '/api/alert-channels').send({ name: `待删通道${uniqueTag()}`, kind: 'webhook', target: `${this.site}/hook`, kinds: ['finding'] }),
        201,
      )
    ).id;
  }

  /** A new user of the role (operators in their unit), logged in with FIXTURE_PASSWORD. */
  async freshUserToken(role: Role): Promise<string> {
    const roleName = { admin: 'admin', reviewer: 'reviewer', operatorA: 'operator', operatorB: 'operator', viewer: 'viewer' }[role];
    const unitId = role === 'operatorA' ? this.unitA : role === 'operatorB' ? this.unitB : undefined;
    const username = `pw_${roleName}_${uniqueTag()}`;
    await this.ok(this.req('admin', 'post', '/api/users').send({ username, password: FIXTURE_PASSWORD, role: roleName, ...(unitId ? { unitId } : {}) }), 201);
    return this.t.login(username, FIXTURE_PASSWORD);
  }

  async freshWord(): Promise<number> {
    return (await this.ok(this.req('admin', 'post', '/api/error-words').send({ wrong: `待删错词${uniqueTag()}`, correct: '正确写法', category: 'common' }), 201)).id;
  }

  async freshAllow(): Promise<number> {
    const phrase = `前${this.word.wrong}后${uniqueTag()}`;
    const word = await this.ok(this.req('admin', 'post', `/api/error-words/${this.word.id}/allows`).send({ phrase }), 201);
    return word.allows.find((a: { phrase: string }) => a.phrase === phrase).id;
  }

  freshFindingB(): number {
    const id = this.bOpenFindings.pop();
    if (id === undefined) throw new Error('no open finding of unit B left');
    return id;
  }

  /** A rectification order of unit B, answered by B's operator when `responded`. */
  async freshOrderB(responded = false): Promise<number> {
    const id = (await this.ok(this.req('admin', 'post', '/api/rectifications').send(orderBody(this.unitB)), 201)).id;
    if (responded) await this.ok(this.req('operatorB', 'post', `/api/rectifications/${id}/response`).send({ text: `${B_MARK}已整改` }), 200);
    return id;
  }

  async freshTargetB(): Promise<number> {
    await this.ok(this.req('admin', 'put', '/api/targets').send({ quarter: '2024Q1', unitId: this.unitB, posts: 5, reposts: 2 }), 200);
    return this.unitB;
  }

  /** An evaluated open round (the office finalizes it); other roles are refused before it is looked at. */
  async freshEvaluatedRound(role: Role): Promise<number> {
    if (role !== 'admin' && role !== 'reviewer') return this.inspection;
    const round = await this.ok(this.req('admin', 'post', '/api/inspections').send({ quarter: NOW_Q, sampleRate: 0.2 }), 201);
    await this.evaluated(round.id);
    return round.id;
  }

  async evaluated(roundId: number): Promise<void> {
    await this.ok(this.req('admin', 'post', `/api/inspections/${roundId}/evaluate`), 202);
    for (let tries = 0; (await this.ok(this.req('admin', 'get', `/api/inspections/${roundId}`), 200)).evaluation?.status !== 'done'; tries++) {
      if (tries > 400) throw new Error('the inspection was not evaluated');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async freshPublished(): Promise<string> {
    await this.ok(this.req('admin', 'post', '/api/reports/quarterly/publish').send({ quarter: '2023Q2', replace: true }), 201);
    return '2023Q2';
  }

  async freshTaskB(): Promise<number> {
    return (await this.ok(this.req('admin', 'post', '/api/repost-tasks').send(taskBody([this.unitB])), 201)).id;
  }

  async freshConfirmationB(): Promise<{ task: number; id: number }> {
    const task = await this.freshTaskB();
    const confirmation = await this.ok(this.req('admin', 'post', `/api/repost-tasks/${task}/confirmations`).send(confirmationBody(this.bOpened, '政务公开办代为确认')), 201);
    return { task, id: confirmation.id };
  }

  // ---- waiting for background runs ----

  async waitFor(role: Role, url: string): Promise<any> {
    for (let i = 0; i < 800; i++) {
      const body = await this.ok(this.req(role, 'get', url), 200);
      if (body.status === 'done' || body.status === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${url} did not finish`);
  }

  /**
   * Units A and B each get: an opened account with operator, source, posts (polled and imported),
   * a working and a broken column (checked, so B has a link_broken alert), an application, a
   * rejected and a deregistered account, a repost confirmation, a target and findings. Unit B also
   * gets accounts without an operator whose open findings the accept cases use.
   */
  async seed(sim: PlatformSimulator): Promise<void> {
    for (const role of ROLES) this.usernames[role] = (await this.ok(this.req(role, 'get', '/api/auth/me'), 200)).username;
    this.operatorBId = (await this.ok(this.req('operatorB', 'get', '/api/auth/me'), 200)).id;
    this.spareUserId = (await this.ok(this.req('admin', 'post', '/api/users').send({ username: `spare_${uniqueTag()}`, password: 'Password#3', role: 'viewer' }), 201)).id;

    const uid = (n: number) => `${Date.now() % 1_000_000}${n}`;
    const [aUid, bUid, bOldUid] = [uid(1), uid(2), uid(3)];
    this.bHomepage = `https://weibo.com/u/${bUid}`;
    const ledger = [
      '单位,平台,账号名称,账号ID,主页链接,开设时间,负责人,联系电话,状态,注销时间,多账号理由',
      `${this.unitAName},微博,${A_MARK}微博,${aUid},https://weibo.com/u/${aUid},2021-03-05,${A_MARK}负责人,0917-1000001,已开设,,`,
      `${this.unitBName},微博,${B_MARK}微博,${bUid},${this.bHomepage},2021-03-05,${B_MARK}负责人,0917-1000002,已开设,,`,
      `${this.unitAName},微信,${A_MARK}已注销,gh_a${aUid},,2020-01-06,,,已注销,2022-01-01,`,
      `${this.unitBName},微信,${B_MARK}已注销,gh_b${bOldUid},,2020-01-06,,,已注销,2022-01-01,`,
    ].join('\n');
    await this.ok(this.req('admin', 'post', '/api/accounts/import').attach('file', Buffer.from(ledger), 'ledger.csv'), 200);
    this.aOpened = await this.accountIdByName(`${A_MARK}微博`);
    this.bOpened = await this.accountIdByName(`${B_MARK}微博`);

    // Applications of each unit, one of B's rejected.
    for (const [role, unitId, mark] of [
      ['operatorA', this.unitA, A_MARK],
      ['operatorB', this.unitB, B_MARK],
    ] as const) {
      await this.ok(this.req(role, 'post', '/api/accounts').send({ unitId, platform: 'toutiao', name: `${mark}头条号`, operatorName: `${mark}申请人` }), 201);
    }
    const rejected = await this.ok(
      this.req('operatorB', 'post', '/api/accounts').send({ unitId: this.unitB, platform: 'douyin', name: `${B_MARK}被驳回`, justification: '测试多账号' }),
      201,
    );
    await this.ok(this.req('reviewer', 'post', `/api/accounts/${rejected.id}/transitions`).send({ action: 'reject', reason: '用途不明确' }), 200);
    // Opened accounts of B without an operator: each gets an open orphaned_supervision finding.
    const orphans = await ledgerAccounts(this.t, this.unitBName, '抖音', ROLES.length * 2);

    // Columns: one answering, one gone, per unit.
    const columns: Record<string, number> = {};
    for (const [accountId, mark] of [
      [this.aOpened, A_MARK],
      [this.bOpened, B_MARK],
    ] as const) {
      for (const kind of ['ok', 'gone']) {
        const column = await this.ok(
          this.req('admin', 'post', `/api/accounts/${accountId}/columns`).send({ name: `${mark}栏目${kind}`, url: `${this.site}/${kind}/${accountId}` }),
          201,
        );
        columns[`${mark}${kind}`] = column.id;
      }
    }
    this.bColumn = columns[`${B_MARK}ok`];
    for (const unitId of [this.unitA, this.unitB]) {
      const run = await this.ok(this.req('admin', 'post', '/api/link-checks').send({ unitId }), 202);
      const done = await this.waitFor('admin', `/api/link-checks/${run.id}`);
      if (done.broken !== 1) throw new Error(`link check of unit ${unitId}: ${JSON.stringify(done)}`);
      if (unitId === this.unitB) this.bLinkRun = run.id;
    }

    // Sources and posts: a feed polled by each unit's own operator, and an imported file.
    const feedA = sim.addFeed(`a${uniqueTag()}`, { format: 'rss', posts: makePosts(`${A_MARK}动态`, 3, { repostEvery: 3 }) });
    this.feedB = sim.addFeed(`b${uniqueTag()}`, { format: 'rss', posts: makePosts(`${B_MARK}动态`, 3, { repostEvery: 3 }) });
    for (const [role, accountId, url, mark] of [
      ['operatorA', this.aOpened, feedA, A_MARK],
      ['operatorB', this.bOpened, this.feedB, B_MARK],
    ] as const) {
      await this.ok(this.req(role, 'put', `/api/accounts/${accountId}/source`).send({ kind: 'feed', url }), 200);
      const run = await this.ok(this.req(role, 'post', '/api/polls').send({ accountIds: [accountId] }), 202);
      const done = await this.waitFor(role, `/api/polls/${run.id}`);
      if (done.newPosts !== 3) throw new Error(`poll: ${JSON.stringify(done)}`);
      if (role === 'operatorB') this.bPollRun = run.id;
      const csv = `标题,发布时间,类型,来源链接\n${mark}导入发布,2023-08-15 10:00,发布,\n${mark}导入转发,2023-08-16 10:00,转发,https://www.gov.cn/zhengce/1.htm`;
      await this.ok(this.req('admin', 'post', `/api/accounts/${accountId}/posts/import`).attach('file', Buffer.from(csv), 'posts.csv'), 200);
    }

    // Targets of the quarter, for the default and for each unit.
    await this.ok(this.req('admin', 'put', '/api/targets').send({ quarter: Q, posts: 1, reposts: 0 }), 200);
    for (const unitId of [this.unitA, this.unitB]) await this.ok(this.req('reviewer', 'put', '/api/targets').send({ quarter: Q, unitId, posts: 2, reposts: 1 }), 200);

    // A past repost task for both units, confirmed by each unit's operator; a task not yet due.
    this.task = (await this.ok(this.req('admin', 'post', '/api/repost-tasks').send(taskBody([this.unitA, this.unitB])), 201)).id;
    await this.ok(this.req('operatorA', 'post', `/api/repost-tasks/${this.task}/confirmations`).send(confirmationBody(this.aOpened, `${A_MARK}人工确认`)), 201);
    await this.ok(this.req('operatorB', 'post', `/api/repost-tasks/${this.task}/confirmations`).send(confirmationBody(this.bOpened, `${B_MARK}人工确认`)), 201);
    const now = Date.now();
    const open = { ...taskBody([this.unitA, this.unitB]), issuedAt: new Date(now - 3_600_000).toISOString(), dueAt: new Date(now + 30 * 86_400_000).toISOString() };
    this.openTask = (await this.ok(this.req('admin', 'post', '/api/repost-tasks').send(open), 201)).id;

    // Findings of the whole district.
    const scan = await this.ok(this.req('admin', 'post', '/api/findings/scan?wait=true'), 202);
    if (scan.status !== 'done') throw new Error(`scan: ${JSON.stringify(scan)}`);
    this.scan = scan.id;

    // A report file of the admin's, built in the background.
    this.reportExport = (await this.ok(this.req('admin', 'post', '/api/reports/exports').send({ report: 'repost-compliance', quarter: Q, format: 'xlsx' }), 202)).id;
    for (let tries = 0; (await this.ok(this.req('admin', 'get', `/api/reports/exports/${this.reportExport}`), 200)).status !== 'done'; tries++) {
      if (tries > 400) throw new Error('the report export was not built');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const findings = await this.ok(this.req('admin', 'get', `/api/findings?unitId=${this.unitB}&kind=orphaned_supervision&status=open&pageSize=200`), 200);
    const byAccount = new Map<number, number>(findings.items.map((x: { accountId: number; id: number }) => [x.accountId, x.id]));
    this.bOpenFindings = orphans.map((id) => byAccount.get(id)).filter((id): id is number => id !== undefined);
    if (this.bOpenFindings.length !== orphans.length) throw new Error(`orphaned_supervision findings: ${JSON.stringify(findings.items)}`);
    this.bOrder = await this.freshOrderB();
    await this.ok(this.req('admin', 'post', '/api/rectifications').send(orderBody(this.unitA, A_MARK)), 201);
    this.bFinding = (await this.ok(this.req('admin', 'get', `/api/findings?accountId=${this.bOpened}`), 200)).items[0]?.id;
    if (!this.bFinding) throw new Error(`no finding of ${B_MARK}微博`);

    this.channel = (
      await this.ok(this.req('admin', 'post', '/api/alert-channels').send({ name: '办公室 webhook', kind: 'webhook', target: `${this.site}/hook`, kinds: ['finding'] }), 201)
    ).id;
    // An open, evaluated inspection round of the current quarter, with an account of unit B in it.
    this.inspection = (await this.ok(this.req('admin', 'post', '/api/inspections').send({ quarter: NOW_Q }), 201)).id;
    await this.evaluated(this.inspection);
    const inB = await this.ok(this.req('admin', 'get', `/api/inspections/${this.inspection}/accounts?unitId=${this.unitB}`), 200);
    this.inspectionAccountB = inB.items[0]?.accountId;
    if (!this.inspectionAccountB) throw new Error('no account of unit B in the inspection round');
    const wrong = `错敏${uniqueTag()}`;
    this.word = { id: (await this.ok(this.req('admin', 'post', '/api/error-words').send({ wrong, correct: '正确', category: 'common' }), 201)).id, wrong };
  }
}

/** A local site for columns (`/ok/<tag>` answers, anything else is 404) and alert webhooks (POST). */
async function startSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"ok":true}');
    }
    if (!/^\/ok\/[0-9a-y][0-9a-z]*$/.test(req.url ?? '')) {
      res.writeHead(404, { 'content-type': 'text/html', 'content-length': 0 });
      return res.end();
    }
    const body = '<html><head><title>通知公告</title></head><body><h1>通知公告</h1><p>关于开展政务公开工作的通知</p></body></html>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- looking for one unit's data in what another unit's operator receives ----

interface Traces {
  texts: string[];
  unitId: number;
  accountIds: Set<number>;
}

/** Where `body` shows the unit: a string naming it or its accounts, a `unitId`, an `accountId` of its accounts. */
function tracesOf(body: unknown, unit: Traces, path = '$', found: string[] = []): string[] {
  if (typeof body === 'string') {
    if (unit.texts.some((text) => body.includes(text))) found.push(`${path} = ${JSON.stringify(body.slice(0, 120))}`);
  } else if (Array.isArray(body)) {
    body.forEach((item, i) => tracesOf(item, unit, `${path}[${i}]`, found));
  } else if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (key === 'unitId' && value === unit.unitId) found.push(`${path}.unitId = ${value}`);
      if (key === 'accountId' && unit.accountIds.has(Number(value))) found.push(`${path}.accountId = ${value}`);
      tracesOf(value, unit, `${path}.${key}`, found);
    }
  }
  return found;
}

/** A supertest parser that keeps a download as bytes. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function workbookText(buffer: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(cell.text))));
  return texts.join('\n');
}

/** One file of a ZIP archive (a DOCX), read from its central directory. */
function zipEntry(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 0 ? data : inflateRawSync(data);
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  throw new Error(`${name} is not in the archive`);
}

/** Lists and reports an operator reads, each with data of both units in the viewer's view. */
const PROBES: [string, (w: World) => string][] = [
  ['units', () => '/api/units?pageSize=200'],
  ['accounts', () => '/api/accounts?pageSize=200'],
  ['opened accounts', () => '/api/accounts?state=opened&pageSize=200'],
  ['weibo accounts', () => '/api/accounts?platform=weibo&pageSize=200'],
  ['columns', () => '/api/columns?pageSize=200'],
  ['broken columns', () => '/api/columns?health=broken&pageSize=200'],
  ['link-check runs', () => '/api/link-checks?pageSize=200'],
  ['alerts', () => '/api/alerts?pageSize=200'],
  ['link_broken alerts', () => '/api/alerts?kind=link_broken&status=open&pageSize=200'],
  ['finding alerts', () => '/api/alerts?kind=finding&pageSize=200'],
  ['posts', () => '/api/posts?pageSize=200'],
  ['reposts of the quarter', () => '/api/posts?isRepost=true&from=2023-07-01T00:00:00%2B08:00&to=2023-10-01T00:00:00%2B08:00&pageSize=200'],
  ['post stats by unit', () => `/api/stats/posts?quarter=${Q}&groupBy=unit`],
  ['post stats by account', () => `/api/stats/posts?quarter=${Q}&groupBy=account`],
  ['findings', () => '/api/findings?pageSize=200'],
  ['open inactive findings', () => '/api/findings?kind=inactive&status=open&pageSize=200'],
  ['re-certifications', () => '/api/recertifications?pageSize=200'],
  ['targets', () => `/api/targets?quarter=${Q}`],
  ['quarterly report', () => `/api/reports/quarterly?quarter=${Q}`],
  ['overview charts', () => `/api/reports/overview-charts?quarter=${Q}`],
  ['overview', () => '/api/overview'],
  ['quarterly report, live', () => `/api/reports/quarterly?quarter=${Q}&live=true`],
  ['published quarterly report', () => '/api/reports/quarterly?quarter=2023Q2'],
  ['repost compliance report', () => `/api/reports/repost-compliance?quarter=${Q}`],
  ['repost task compliance', (w) => `/api/repost-tasks/${w.task}/compliance`],
  ['repost task confirmations', (w) => `/api/repost-tasks/${w.task}/confirmations`],
  ['repost task history', (w) => `/api/repost-tasks/${w.task}/history`],
  ['rectifications', () => '/api/rectifications?pageSize=200'],
  ['rectification counts', () => '/api/rectifications/summary'],
];

describe.each(databasesUnderTest())('authorisation matrix (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let site: Awaited<ReturnType<typeof startSite>>;
  const sim = new PlatformSimulator();
  beforeAll(async () => {
    [site] = await Promise.all([startSite(), sim.start()]);
    t = await startApp(kind, {
      ...POLLING_ENV,
      LINK_CHECK_ALLOW_PRIVATE: 'true',
      ALERT_ALLOW_PRIVATE: 'true',
      LINK_CHECK_MIN_GAP_MS: '0',
      LINK_CHECK_BACKOFF_MS: '10',
      LINK_CHECK_CONFIRM_DELAY_MS: '0',
      ALERT_DELIVERY_RETRIES: '0',
      ALERT_DELIVERY_TIMEOUT_MS: '2000',
    });
    w = new World(t, await seedFixture(t), site.url);
    await w.seed(sim);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([site?.close(), sim.stop()]);
  });

  it('lists exactly the routes the application serves', async () => {
    const doc = await t.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    const served = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served.length).toBeGreaterThan(80);
    const listed = Object.keys(MATRIX);
    expect({ servedButNotInTable: served.filter((route) => !listed.includes(route)), inTableButNotServed: listed.filter((route) => !served.includes(route)) }).toEqual({
      servedButNotInTable: [],
      inTableButNotServed: [],
    });
  });

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const failures: string[] = [];
    for (const c of MATRIX[route]) {
      for (const role of ROLES) {
        const res = await c.send(w, role);
        const want = c.expect[role];
        const label = `${route}${c.label ? ` [${c.label}]` : ''} as ${role}`;
        if (res.status !== want) {
          failures.push(`${label}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        } else if (want >= 400) {
          try {
            expectError(res, want);
          } catch (error) {
            failures.push(`${label}: ${(error as Error).message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("records the matrix's accepted changes to B's account, and nothing from the refused ones", async () => {
    const history: { action: string; actor: { username: string } | null }[] = await w.ok(w.req('admin', 'get', `/api/accounts/${w.bOpened}/history`), 200);
    const actors = new Set(history.map((entry) => entry.actor?.username));
    // Re-certifying always leaves an entry: each role the table allows did it.
    for (const role of ['admin', 'reviewer', 'operatorB'] as const)
      expect(history).toContainEqual(expect.objectContaining({ action: 'recertify', actor: expect.objectContaining({ username: w.usernames[role] }) }));
    expect(actors.has(w.usernames.operatorA)).toBe(false);
    expect(actors.has(w.usernames.viewer)).toBe(false);
  });

  describe("an operator never receives the other unit's data", () => {
    let a: Traces;
    let b: Traces;
    beforeAll(async () => {
      // The quarter the matrix published and withdrew in turn: published for the probes.
      await w.freshPublished();
      const idsOf = async (unitId: number) =>
        new Set<number>((await w.ok(w.req('admin', 'get', `/api/accounts?unitId=${unitId}&pageSize=200`), 200)).items.map((x: { id: number }) => x.id));
      a = { texts: [A_MARK, w.unitAName, w.usernames.operatorA], unitId: w.unitA, accountIds: await idsOf(w.unitA) };
      b = { texts: [B_MARK, w.unitBName, w.usernames.operatorB], unitId: w.unitB, accountIds: await idsOf(w.unitB) };
    });

    it.each(PROBES)('%s', async (_label, url) => {
      const get = async (role: Role) => {
        const res = await w.req(role, 'get', url(w));
        expect(res.status).toBe(200);
        return res.body;
      };
      const everything = await get('viewer');
      // Both units are there for someone who may read everything: the search below can find them.
      expect(tracesOf(everything, a)).not.toEqual([]);
      expect(tracesOf(everything, b)).not.toEqual([]);
      const ofA = await get('operatorA');
      const ofB = await get('operatorB');
      expect({ own: tracesOf(ofA, a).length > 0, foreign: tracesOf(ofA, b) }).toEqual({ own: true, foreign: [] });
      expect({ own: tracesOf(ofB, b).length > 0, foreign: tracesOf(ofB, a) }).toEqual({ own: true, foreign: [] });
    });

    it('finds nothing of unit B when operator A asks for it by name, account or unit', async () => {
      const urls = [
        `/api/accounts?q=${encodeURIComponent(B_MARK)}`,
        `/api/accounts?q=${encodeURIComponent(`${B_MARK}微博`)}&state=opened`,
        `/api/units?q=${encodeURIComponent(w.unitBName)}`,
        `/api/columns?accountId=${w.bOpened}`,
        `/api/posts?accountId=${w.bOpened}`,
        `/api/findings?accountId=${w.bOpened}`,
      ];
      for (const url of urls) {
        const everything = await w.req('viewer', 'get', url);
        expect(everything.body.total).toBeGreaterThan(0);
        expect(tracesOf(everything.body, b)).not.toEqual([]);
        const res = await w.req('operatorA', 'get', url);
        expect({ url, status: res.status, total: res.body.total, traces: tracesOf(res.body, b) }).toEqual({ url, status: 200, total: 0, traces: [] });
      }
    });

    it("counts only the operator's own unit in the overview and in repost-task summaries", async () => {
      const ownAccounts = (await w.ok(w.req('admin', 'get', `/api/accounts?unitId=${w.unitA}`), 200)).total;
      const overview = await w.ok(w.req('operatorA', 'get', '/api/overview'), 200);
      expect(Object.values(overview.accountsByState as Record<string, number>).reduce((sum, n) => sum + n, 0)).toBe(ownAccounts);
      expect(tracesOf(overview, b)).toEqual([]);

      // The task covers units A and B; each operator sees how their own unit did, not the district.
      const whole = await w.ok(w.req('viewer', 'get', `/api/repost-tasks/${w.task}`), 200);
      expect(whole.summary).toMatchObject({ units: 2 });
      for (const role of ['operatorA', 'operatorB'] as const) {
        const compliance = await w.ok(w.req(role, 'get', `/api/repost-tasks/${w.task}/compliance`), 200);
        expect(compliance.items).toHaveLength(1);
        const own = { units: 1, done: 0, late: 0, missing: 0, [compliance.items[0].status]: 1 };
        expect((await w.ok(w.req(role, 'get', `/api/repost-tasks/${w.task}`), 200)).summary).toEqual(own);
        const listed = (await w.ok(w.req(role, 'get', '/api/repost-tasks?pageSize=200'), 200)).items.find((x: { id: number }) => x.id === w.task);
        expect(listed.summary).toEqual(own);
      }
    });

    it("exports only the operator's own unit, and refuses the district's documents", async () => {
      const download = async (role: Role, url: string) => {
        const res = await w.req(role, 'get', url).buffer(true).parse(binary);
        expect(res.status).toBe(200);
        return res.body as Buffer;
      };
      const compliance = `/api/reports/repost-compliance?quarter=${Q}&format=xlsx`;
      const everything = await workbookText(await download('viewer', compliance));
      expect(everything).toContain(w.unitAName);
      expect(everything).toContain(w.unitBName);
      const ofA = await workbookText(await download('operatorA', compliance));
      expect(ofA).toContain(w.unitAName);
      expect(ofA).not.toContain(w.unitBName);
      const ofB = await workbookText(await download('operatorB', compliance));
      expect(ofB).toContain(w.unitBName);
      expect(ofB).not.toContain(w.unitAName);

      // The statistics table and the bulletin name every unit: the viewer's do, operators get none.
      const table = await workbookText(await download('viewer', `/api/reports/quarterly?quarter=${Q}&format=xlsx`));
      const bulletin = zipEntry(await download('viewer', `/api/reports/quarterly?quarter=${Q}&format=docx`), 'word/document.xml')
        .toString('utf8')
        .replace(/<[^>]+>/g, '');
      for (const text of [table, bulletin]) {
        expect(text).toContain(w.unitAName);
        expect(text).toContain(w.unitBName);
      }
      for (const role of ['operatorA', 'operatorB'] as const) {
        for (const format of ['xlsx', 'docx']) {
          const res = await w.req(role, 'get', `/api/reports/quarterly?quarter=${Q}&format=${format}`);
          expectError(res, 403);
          expect(JSON.stringify(res.body)).not.toContain(w.unitBName);
        }
      }
    });
  });
});
