import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { CustomPlatform } from './custom-platform.entity';
import type { CustomPlatformFacts } from './custom-platform';

/** What an admin may change of a custom platform after adding it (its code and patterns stay). */
export type CustomPlatformLook = Pick<CustomPlatformFacts, 'icon' | 'idHint' | 'homepageHint'>;

/** The `custom_platforms` table. */
@Injectable()
export class CustomPlatformsRepository extends EntityRepository<CustomPlatform> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, CustomPlatform);
  }

  async all(tx?: Transaction): Promise<CustomPlatformFacts[]> {
    const rows = await this.table(tx).find({ order: { id: 'ASC' } });
    return rows.map(factsOf);
  }

  async findByCode(code: string, tx: Transaction): Promise<CustomPlatform | null> {
    return this.table(tx).findOne({ where: { code } });
  }

  async codeTaken(code: string, tx: Transaction): Promise<boolean> {
    return (await this.table(tx).count({ where: { code } })) > 0;
  }

  async insert(facts: CustomPlatformFacts, createdById: number | null, tx: Transaction): Promise<CustomPlatform> {
    const table = this.table(tx);
    return table.save(table.create({ code: facts.code, name: facts.name, urlPatterns: JSON.stringify(facts.urlPatterns), createdById, ...lookColumns(facts) }));
  }

  async updateLook(row: CustomPlatform, look: CustomPlatformLook, tx: Transaction): Promise<CustomPlatformFacts> {
    Object.assign(row, lookColumns({ ...factsOf(row), ...look, icon: { ...factsOf(row).icon, ...look.icon } }));
    return factsOf(await this.table(tx).save(row));
  }
}

function lookColumns(facts: CustomPlatformLook) {
  return { iconColor: facts.icon?.color ?? null, iconGlyph: facts.icon?.glyph ?? null, idHint: facts.idHint ?? null, homepageHint: facts.homepageHint ?? null };
}

function factsOf(r: CustomPlatform): CustomPlatformFacts {
  return {
    code: r.code,
    name: r.name,
    urlPatterns: JSON.parse(r.urlPatterns) as string[],
    icon: { ...(r.iconColor ? { color: r.iconColor } : {}), ...(r.iconGlyph ? { glyph: r.iconGlyph } : {}) },
    idHint: r.idHint,
    homepageHint: r.homepageHint,
  };
}
