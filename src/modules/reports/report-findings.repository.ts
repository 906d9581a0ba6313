import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { Finding } from '../findings/finding.entity';

export interface FindingFacts {
  kind: string;
  unitId: number | null;
  evidence: Record<string, unknown>;
  detectedAt: Date;
  resolvedAt: Date | null;
}

/** The report's read of `findings` (the report is the read model over other modules' tables). */
@Injectable()
export class ReportFindingsRepository extends EntityRepository<Finding> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Finding);
  }

  /**
   * Findings that may belong to a quarter: detected from its start on (evidence in the quarter
   * cannot be found earlier) or still open/unresolved at `asOf`, and not accepted (judged no
   * violation) before `asOf`.
   */
  async candidates(from: Date, asOf: Date): Promise<FindingFacts[]> {
    const rows = await this.table()
      .createQueryBuilder('f')
      .select(['f.kind', 'f.unitId', 'f.evidence', 'f.detectedAt', 'f.resolvedAt'])
      .where(new Brackets((w) => w.where('f.detectedAt >= :from', { from }).orWhere('f.resolvedAt IS NULL OR f.resolvedAt >= :asOf', { asOf })))
      .andWhere('(f.acceptedAt IS NULL OR f.acceptedAt >= :asOf)', { asOf })
      .getMany();
    return rows.map((r) => ({ kind: r.kind, unitId: r.unitId, evidence: r.evidence, detectedAt: r.detectedAt, resolvedAt: r.resolvedAt }));
  }
}
