import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createLogging } from './common/logging';
import { runInRequestContext } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { addErrorResponses, ErrorResponseView } from './common/openapi';
import { migrateDatabase } from './database/migrate';
import { directoryPageCspHashes } from './modules/directory/directory-page';

/** The body limits (SECURITY.md): JSON up to 2 MB, URL-encoded forms up to 100 kB; uploads have their own (common/upload.ts). */
export const JSON_BODY_LIMIT = '2mb';
export const URLENCODED_BODY_LIMIT = '100kb';

/**
 * Security headers (helmet) on every answer: the API, the admin UI, the Swagger UI and the
 * public directory. One Content-Security-Policy for all but the directory page, which allows
 * exactly its own inline style and script by hash. Styles may be inline elsewhere: Ant Design
 * and the Swagger UI insert `<style>` elements; scripts only come from this origin.
 * No `upgrade-insecure-requests`: intranet deployments may serve plain HTTP (TLS belongs to
 * the reverse proxy, see SECURITY.md), and the upgrade would break every asset there.
 */
function securityHeaders(): RequestHandler {
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    connectSrc: ["'self'"],
    upgradeInsecureRequests: null,
  };
  const common = {
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    xFrameOptions: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
  };
  const hashes = directoryPageCspHashes();
  const standard = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives } });
  const directory = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { ...directives, scriptSrc: ["'self'", hashes.script], styleSrc: ["'self'", hashes.style] } },
  });
  // The public directory data (/api/public/*) is meant to be used by other sites (CORS `*` there too).
  const publicData = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives }, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (path === '/directory' || path.startsWith('/directory/')) return directory(req, res, next);
    if (path.startsWith('/api/public/')) return publicData(req, res, next);
    return standard(req, res, next);
  };
}

/** Builds the API application (used by main.ts and by the e2e tests; `extra` modules are for tests' test-only providers). */
export async function createApp(config: AppConfig, extra: DynamicModule[] = []): Promise<INestApplication> {
  // Replicas starting together: one migrates under the database lock, the others wait and find nothing to do.
  await migrateDatabase(config);
  const logging = createLogging(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extra), { logger: logging.nest });
  // First of all middleware: every request gets its access line (common/logging.ts).
  app.use(logging.http);
  // Which X-Forwarded-For to believe for the client address (throttling, audit): TRUST_PROXY, loopback by default.
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  // CORS is closed unless CORS_ORIGINS lists the origin; the public directory API answers CORS itself (PublicCorsMiddleware).
  if (config.corsOrigins.length) {
    const allowed = new Set(config.corsOrigins);
    app.enableCors((req: Request, callback: (error: Error | null, options: object) => void) => {
      const origin = req.header('Origin');
      const open = !req.path.startsWith('/api/public/') && origin !== undefined && allowed.has(origin);
      callback(
        null,
        open
          ? {
              origin,
              methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
              allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-None-Match'],
              exposedHeaders: ['Content-Disposition', 'Retry-After', 'ETag'],
              maxAge: 600,
            }
          : { origin: false },
      );
    });
  }
  // The public directory page (src/modules/directory) lives at /directory, outside /api.
  app.setGlobalPrefix('api', { exclude: ['directory'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: URLENCODED_BODY_LIMIT, extended: false, parameterLimit: 100 });
  // After the body parsers (their stream events would lose it): the client address for the audit trail.
  app.use((req: Request, _res: Response, next: NextFunction) => runInRequestContext({ clientIp: req.ip ?? null }, next));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('政务新媒体账号登记与监测系统 API')
      .setDescription('Government new-media account registry and monitor — HTTP API v1 (see docs/design/api.md)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorResponseView] },
  );
  addErrorResponses(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
