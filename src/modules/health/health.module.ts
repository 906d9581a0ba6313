import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /api/health: the database (DatabasePing, from the global database module) and the queue. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
