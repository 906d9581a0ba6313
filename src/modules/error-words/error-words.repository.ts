import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { Page } from '../../common/pagination';
import { containsText, likePattern, paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { ErrorWord, ErrorWordAllow } from './error-word.entity';
import type { ListErrorWordsQuery } from './error-words.dto';

export interface MatchingWordRow {
  id: number;
  wrong: string;
  correct: string;
  category: string;
  severity: 'serious' | 'general';
}

/** The 错敏词 library's tables: `error_words` and their `error_word_allows`. */
@Injectable()
export class ErrorWordsRepository extends EntityRepository<ErrorWord> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, ErrorWord);
  }

  private allowTable(tx?: Transaction): Repository<ErrorWordAllow> {
    return this.manager(tx).getRepository(ErrorWordAllow);
  }

  list(query: ListErrorWordsQuery): Promise<Page<ErrorWord>> {
    const qb = this.table().createQueryBuilder('w').orderBy('w.category', 'ASC').addOrderBy('w.id', 'ASC');
    if (query.category) qb.andWhere('w.category = :category', { category: query.category });
    if (query.q?.trim()) qb.andWhere(containsText(['w.wrong', 'w.correct'], 'q'), { q: likePattern(query.q.trim()) });
    return paginate(qb, query);
  }

  findById(id: number, tx?: Transaction): Promise<ErrorWord | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  findByWrongNorm(wrongNorm: string, tx?: Transaction): Promise<ErrorWord | null> {
    return this.table(tx).findOne({ where: { wrongNorm } });
  }

  findByWrongNorms(tx: Transaction, wrongNorms: string[]): Promise<ErrorWord[]> {
    return this.table(tx).find({ where: { wrongNorm: In(wrongNorms) } });
  }

  /** Every word, by id or in the export's order (category, then id). */
  all(order: 'id' | 'category' = 'id'): Promise<ErrorWord[]> {
    return this.table().find({ order: order === 'id' ? { id: 'ASC' } : { category: 'ASC', id: 'ASC' } });
  }

  /**
   * Every word's matching fields and every allowed phrase as plain rows (no entity hydration):
   * what the compiled library is made of, cheap to read before each scan.
   */
  async matchingRows(): Promise<{ words: MatchingWordRow[]; allows: { errorWordId: number; phrase: string }[] }> {
    const words: MatchingWordRow[] = await this.table()
      .createQueryBuilder('w')
      .select('w.id', 'id')
      .addSelect('w.wrong', 'wrong')
      .addSelect('w.correct', 'correct')
      .addSelect('w.category', 'category')
      .addSelect('w.severity', 'severity')
      .orderBy('w.id', 'ASC')
      .getRawMany();
    const allows: { errorWordId: number; phrase: string }[] = await this.allowTable()
      .createQueryBuilder('a')
      .select('a.errorWordId', 'errorWordId')
      .addSelect('a.phrase', 'phrase')
      .orderBy('a.id', 'ASC')
      .getRawMany();
    return {
      words: words.map((w) => ({ ...w, id: Number(w.id) })),
      allows: allows.map((a) => ({ errorWordId: Number(a.errorWordId), phrase: a.phrase })),
    };
  }

  save(tx: Transaction, word: ErrorWord | Partial<ErrorWord>): Promise<ErrorWord> {
    return this.persist(tx, word);
  }

  /** The word and its allowed phrases. */
  async remove(tx: Transaction, id: number): Promise<void> {
    await this.allowTable(tx).delete({ errorWordId: id });
    await this.table(tx).delete({ id });
  }

  allAllows(): Promise<ErrorWordAllow[]> {
    return this.allowTable().find({ order: { id: 'ASC' } });
  }

  allowsOf(wordIds: number[]): Promise<ErrorWordAllow[]> {
    return wordIds.length ? this.allowTable().find({ where: { errorWordId: In(wordIds) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  findAllow(tx: Transaction, where: { id?: number; errorWordId: number; phraseNorm?: string }): Promise<ErrorWordAllow | null> {
    return this.allowTable(tx).findOne({ where });
  }

  addAllow(tx: Transaction, allow: Pick<ErrorWordAllow, 'errorWordId' | 'phrase' | 'phraseNorm'>): Promise<ErrorWordAllow> {
    return this.allowTable(tx).save(this.allowTable(tx).create(allow));
  }

  async removeAllow(tx: Transaction, id: number): Promise<void> {
    await this.allowTable(tx).delete({ id });
  }
}
