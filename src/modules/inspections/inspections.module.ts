import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReportingModule } from '../reporting/reporting.module';
import { InspectionEvaluationService } from './inspection-evaluation.service';
import { InspectionExportsService } from './inspection-exports.service';
import { INSPECTION_ENTITIES } from './inspection.entities';
import { InspectionsController } from './inspections.controller';
import { InspectionsRepository } from './inspections.repository';
import { InspectionsService } from './inspections.service';

/**
 * [inspection] 检查评分: indicator set, rounds, evaluation runs, manual items, verdicts, exports.
 * Owns the inspection_* tables; reads other modules' data only through the read-only read model
 * (reporting/inspection-facts.repository.ts). Exports InspectionsService (reports read the
 * quarter's final round; rectification reads a final round's failed accounts) and
 * InspectionsRepository (the 运行状态 page lists evaluation runs through it).
 */
@Module({
  imports: [TypeOrmModule.forFeature(INSPECTION_ENTITIES), ReportingModule],
  controllers: [InspectionsController],
  providers: [InspectionsRepository, InspectionsService, InspectionEvaluationService, InspectionExportsService],
  exports: [InspectionsService, InspectionsRepository],
})
export class InspectionsModule {}
