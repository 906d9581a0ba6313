import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped, VarcharColumn } from '../../common/columns';
import type { ErrorWordCategory, ErrorWordSeverity } from './categories';

/** One entry of the 错敏词 library: a wrong form, its correct form and a category. */
@Entity('error_words')
@Index('idx_error_words_category', ['category'])
export class ErrorWord extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(100)
  wrong: string;

  /** The wrong form normalised (matcher.ts): unique, so "共合国" and "共 合 国" are one entry. */
  @VarcharColumn(100, { name: 'wrong_norm', unique: true })
  wrongNorm: string;

  @VarcharColumn(200)
  correct: string;

  @VarcharColumn(32)
  category: ErrorWordCategory;

  /** serious: 严重表述错误 (fails an inspection outright); general: costs points. */
  @VarcharColumn(16, { default: 'general' })
  severity: ErrorWordSeverity;

  @VarcharColumn(500, { nullable: true })
  note: string | null;
}

/** A longer correct phrase containing an entry's wrong form, where a hit is not an error. */
@Entity('error_word_allows')
@Index('uq_error_word_allows_phrase', ['errorWordId', 'phraseNorm'], { unique: true })
export class ErrorWordAllow extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'error_word_id', type: 'int' })
  errorWordId: number;

  @VarcharColumn(200)
  phrase: string;

  @VarcharColumn(200, { name: 'phrase_norm' })
  phraseNorm: string;
}
