import { ApiProperty } from '@nestjs/swagger';
import { ERROR_WORD_CATEGORIES, ERROR_WORD_SEVERITIES, ErrorWordCategory, ErrorWordSeverity } from './categories';

/** A longer correct phrase containing the entry's wrong form, where a hit is not an error. */
export class ErrorWordAllowView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  phrase: string;
}

/** An entry of the 错敏词 library with its allowed phrases. */
export class ErrorWordView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String, description: '错误写法 / wrong form' })
  wrong: string;

  @ApiProperty({ type: String, description: '正确写法 / correct form' })
  correct: string;

  @ApiProperty({ enum: ERROR_WORD_CATEGORIES })
  category: ErrorWordCategory;

  @ApiProperty({ type: String, description: '类别的中文名 / the category in words' })
  categoryLabel: string;

  @ApiProperty({ enum: ERROR_WORD_SEVERITIES, description: '严重程度 / serious fails an inspection, general costs points' })
  severity: ErrorWordSeverity;

  @ApiProperty({ type: String, description: '严重程度的中文名 / the severity in words' })
  severityLabel: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: [ErrorWordAllowView] })
  allows: ErrorWordAllowView[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

/** POST /api/error-words/import: all rows or none; existing wrong forms are updated. */
export class ErrorWordImportView {
  @ApiProperty({ type: 'integer', description: '新增条数 / entries added' })
  imported: number;

  @ApiProperty({ type: 'integer', description: '更新条数 / entries updated' })
  updated: number;
}
