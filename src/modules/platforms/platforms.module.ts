import { Module } from '@nestjs/common';
import { PlatformsController } from './platforms.controller';

/**
 * The platform registry over HTTP. The registry itself (platform-registry.ts) is plain
 * TypeScript that every module imports; custom platforms (a table and POST, later) would be
 * loaded here into it.
 */
@Module({
  controllers: [PlatformsController],
})
export class PlatformsModule {}
