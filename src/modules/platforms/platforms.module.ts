import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomPlatform } from './custom-platform.entity';
import { CustomPlatformsRepository } from './custom-platforms.repository';
import { CustomPlatformsService } from './custom-platforms.service';
import { PlatformsController } from './platforms.controller';

/**
 * The platform registry over HTTP, and custom platforms: the registry itself
 * (platform-registry.ts) is plain TypeScript every module imports; the platforms an admin
 * adds (`custom_platforms`) are loaded into it at start.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CustomPlatform])],
  controllers: [PlatformsController],
  providers: [CustomPlatformsService, CustomPlatformsRepository],
  exports: [CustomPlatformsService],
})
export class PlatformsModule {}
