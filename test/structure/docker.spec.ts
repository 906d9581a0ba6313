import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs on these machines: the image and compose files are checked for
// structure here, and the same topology is exercised with local processes by the e2e suites.
const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');
  const instructions = dockerfile.split('\n').filter((line) => /^[A-Z]+\s/.test(line));
  const stages = instructions.filter((line) => line.startsWith('FROM '));

  it('builds in one stage and runs in another, on Node 22 LTS', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^FROM node:22[-.\w]*/);
  });

  it('runs as a non-root user, with a health check on /api/health', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER (?!root)\w+/m);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
  });

  it('copies only files that exist and starts the file that npm start starts', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line
        .replace(/^COPY\s+(--\S+\s+)*/, '')
        .split(/\s+/)
        .slice(0, -1);
      for (const source of sources) expect(existsSync(path.join(root, source))).toBe(true);
    }
    const start = JSON.parse(read('package.json')).scripts.start as string;
    const entry = start.replace(/^node\s+/, '');
    expect(dockerfile).toContain(`CMD ["node", "${entry}"]`);
  });

  it('keeps local builds and data out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe.each(['docker/compose.single.yml', 'docker/compose.mysql.yml'])('%s', (file) => {
  const compose = parse(read(file)) as { services: Record<string, ComposeService> };
  const api = compose.services.api;

  it('builds the api from the repository Dockerfile and publishes port 3000', () => {
    expect(api.build).toBeDefined();
    expect(existsSync(path.resolve(root, 'docker', api.build!.context, api.build!.dockerfile))).toBe(true);
    expect(api.ports).toContain('3000:3000');
  });

  it('requires a JWT secret instead of running with a generated one', () => {
    expect(api.environment?.JWT_SECRET).toMatch(/\$\{JWT_SECRET:\?/);
    expect(api.environment?.APP_SECRET_KEY).toMatch(/\$\{APP_SECRET_KEY:\?/);
  });
});

describe('docker/compose.mysql.yml topology', () => {
  const compose = parse(read('docker/compose.mysql.yml')) as { services: Record<string, ComposeService> };

  it('runs mysql, redis and the api, the api waiting for healthy stores', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mysql', 'redis']);
    expect(compose.services.api.depends_on).toEqual({ mysql: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(compose.services.mysql.healthcheck).toBeDefined();
    expect(compose.services.redis.healthcheck).toBeDefined();
  });

  it('points the api at the mysql service with a URL the config accepts', () => {
    const url = compose.services.api.environment!.DATABASE_URL.replace('${MYSQL_PASSWORD}', 'secret');
    expect(new URL(url)).toMatchObject({ protocol: 'mysql:', hostname: 'mysql', pathname: '/registry' });
  });
});

describe('docker/compose.cluster.yml topology ([scale])', () => {
  const compose = parse(read('docker/compose.cluster.yml')) as { services: Record<string, ComposeService & { command?: string[] }> };
  const services = compose.services;
  const apis = ['api1', 'api2'];
  const workers = ['worker1', 'worker2'];

  it('runs mysql, redis, two API replicas and two workers', () => {
    expect(Object.keys(services).sort()).toEqual(['api1', 'api2', 'mysql', 'redis', 'worker1', 'worker2']);
    expect(services.mysql.healthcheck).toBeDefined();
    expect(services.redis.healthcheck).toBeDefined();
  });

  it('builds the API image once, publishes each replica on its own port, and enqueues only there', () => {
    expect(services.api1.build).toBeDefined();
    expect(existsSync(path.resolve(root, 'docker', services.api1.build!.context, services.api1.build!.dockerfile))).toBe(true);
    expect(services.api1.ports).toEqual(['3000:3000']);
    expect(services.api2.ports).toEqual(['3001:3000']);
    for (const name of apis) {
      expect(services[name].image).toBe(services.api1.image);
      expect(services[name].environment?.RUN_JOBS).toBe('false');
    }
  });

  it('starts the workers with the file that npm run start:worker starts, no port published, a health port', () => {
    const startWorker = JSON.parse(read('package.json')).scripts['start:worker'] as string;
    expect(existsSync(path.join(root, 'src', 'worker.ts'))).toBe(true);
    for (const name of workers) {
      expect(services[name].image).toBe(services.api1.image);
      expect(services[name].command).toEqual(['node', startWorker.replace(/^node\s+/, '')]);
      expect(services[name].ports).toBeUndefined();
      expect(services[name].environment?.WORKER_CONCURRENCY).toBeDefined();
      expect(services[name].healthcheck?.test.join(' ')).toContain(`:${services[name].environment?.WORKER_HEALTH_PORT}/health`);
    }
  });

  it('points every process at the same MySQL database, Redis and queue prefix, waiting for healthy stores', () => {
    for (const name of [...apis, ...workers]) {
      const env = services[name].environment!;
      expect(new URL(env.DATABASE_URL.replace('${MYSQL_PASSWORD}', 'secret'))).toMatchObject({ protocol: 'mysql:', hostname: 'mysql', pathname: '/registry' });
      expect(new URL(env.REDIS_URL)).toMatchObject({ protocol: 'redis:', hostname: 'redis' });
      expect(env.QUEUE_PREFIX).toBe(services.api1.environment!.QUEUE_PREFIX);
      expect(env.JWT_SECRET).toMatch(/\$\{JWT_SECRET:\?/);
      expect(env.APP_SECRET_KEY).toMatch(/\$\{APP_SECRET_KEY:\?/);
      expect(services[name].depends_on).toMatchObject({ mysql: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
  });
});
