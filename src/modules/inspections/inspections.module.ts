import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InspectionEvaluationService } from './inspection-evaluation.service';
import { InspectionExportsService } from './inspection-exports.service';
import { InspectionFactsRepository } from './inspection-facts.repository';
import { INSPECTION_ENTITIES } from './inspection.entities';
import { InspectionsController } from './inspections.controller';
import { InspectionsRepository } from './inspections.repository';
import { InspectionsService } from './inspections.service';

/**
 * [inspection] 检查评分: indicator set, rounds, evaluation runs, manual items, verdicts, exports.
 * Owns the inspection_* tables; reads other modules' data only through its read-only read model
 * (inspection-facts.repository.ts). Exports InspectionsService (reports read the quarter's final
 * round; rectification reads a final round's failed accounts).
 */
@Module({
  imports: [TypeOrmModule.forFeature(INSPECTION_ENTITIES)],
  controllers: [InspectionsController],
  providers: [InspectionsRepository, InspectionFactsRepository, InspectionsService, InspectionEvaluationService, InspectionExportsService],
  exports: [InspectionsService],
})
export class InspectionsModule {}
