import { createServer } from 'node:http';
import request from 'supertest';
import { createLogging, logDestination, rootLogger } from './logging';

/** What the process writes to stdout through pino, captured for each test. */
const lines: string[] = [];
const destination = logDestination() as unknown as { write: (line: string) => boolean };
const write = destination.write;
beforeAll(() => {
  destination.write = (line: string) => {
    lines.push(line);
    return true;
  };
});
afterAll(() => {
  destination.write = write;
});
beforeEach(() => lines.splice(0));

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logging', () => {
  it("maps Nest's logger calls onto pino: context, object messages, errors and the exception handlers' (message, stack, context)", () => {
    const { nest, root } = createLogging('trace');
    expect(rootLogger()).toBe(root);
    nest.log('started', 'NestApplication');
    nest.warn({ runId: 7 }, 'PollingService');
    nest.error(new Error('boom'), 'AlertDelivery');
    nest.error('Internal error', 'Error: Internal error\n    at handler (file.ts:1:1)', 'ExceptionsHandler');
    nest.verbose?.('detail');
    const [log, warn, error, handler, verbose] = parsed();
    expect(log).toMatchObject({ level: 30, context: 'NestApplication', msg: 'started' });
    expect(warn).toMatchObject({ level: 40, context: 'PollingService', runId: 7 });
    expect(error).toMatchObject({ level: 50, context: 'AlertDelivery', err: { message: 'boom' } });
    expect(handler).toMatchObject({ level: 50, context: 'ExceptionsHandler', err: { message: 'Internal error', stack: expect.stringContaining('at handler') } });
    expect(verbose).toMatchObject({ level: 10, msg: 'detail' });
  });

  it('keeps to the configured level', () => {
    const { nest } = createLogging('warn');
    nest.log('not written', 'Context');
    nest.warn('written', 'Context');
    expect(parsed().map((l) => l.msg)).toEqual(['written']);
  });

  it('writes one access line per request, none for /api/health, with Authorization and Cookie masked and no body', async () => {
    const { http } = createLogging('info');
    const server = createServer((req, res) => http(req, res, () => res.end('ok')));
    await request(server).get('/api/health');
    await request(server).post('/api/units').set('Authorization', 'Bearer secret-token').set('Cookie', 'session=secret-cookie').send({ password: 'secret-body' });
    expect(lines).toHaveLength(1);
    expect(parsed()[0]).toMatchObject({ req: { method: 'POST', url: '/api/units', headers: { authorization: '[Redacted]', cookie: '[Redacted]' } }, res: { statusCode: 200 } });
    expect(lines[0]).not.toMatch(/secret-/);
  });
});
