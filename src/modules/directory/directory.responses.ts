import { ApiProperty } from '@nestjs/swagger';

/**
 * Response schemas of the public directory (公开名录, src/common/openapi.ts): only the public
 * fields of an account, built field by field by DirectoryService.
 */

/** What the public may see of an opened account. */
export class PublicAccountView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, example: 'wechat', description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ type: String, example: '微信公众号' })
  platformName: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  platformAccountId: string | null;

  @ApiProperty({ type: String, nullable: true })
  homepageUrl: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  openedAt: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2021-03-05', description: '开设日期（APP_TIMEZONE）/ the opening date in APP_TIMEZONE' })
  openedOn: string | null;
}

/** A unit with at least one listed account (`GET /api/public/units`). */
export class PublicUnitView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  code: string | null;

  @ApiProperty({ type: 'integer', description: '公开账号数 / listed accounts' })
  accounts: number;
}

/** `GET /api/public/verify`: the address or id belongs to an opened account. */
export class VerifiedAccountView {
  @ApiProperty({ type: Boolean, enum: [true] })
  verified: true;

  @ApiProperty({ type: PublicAccountView })
  account: PublicAccountView;
}

/** `GET /api/public/verify`: the account was deregistered (已注销). */
export class DeregisteredAccountView {
  @ApiProperty({ type: Boolean, enum: [false] })
  verified: false;

  @ApiProperty({ enum: ['deregistered'] })
  status: 'deregistered';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deregisteredAt: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: '注销日期（APP_TIMEZONE）/ the date in APP_TIMEZONE' })
  deregisteredOn: string | null;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ type: String })
  platformName: string;
}

/** `GET /api/public/verify`: a known impostor (假冒), recorded by the district's account discovery. */
export class ImpostorAccountView {
  @ApiProperty({ type: Boolean, enum: [false] })
  verified: false;

  @ApiProperty({ enum: ['impostor'] })
  status: 'impostor';

  @ApiProperty({ type: String, description: "假冒账号的名称 / the impostor's name" })
  name: string;

  @ApiProperty({ type: String, description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ type: String })
  platformName: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: '认定日期（APP_TIMEZONE）' })
  recordedOn: string | null;
}

/** `GET /api/public/verify`: not a listed account (unknown, or in any other state). */
export class UnverifiedAccountView {
  @ApiProperty({ type: Boolean, enum: [false] })
  verified: false;
}

/** The directory grouped by unit, for the district website. */
export class EmbedUnitView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: [PublicAccountView] })
  accounts: PublicAccountView[];
}

/** `GET /api/public/embed.json` */
export class DirectoryEmbedView {
  @ApiProperty({ type: String, format: 'date-time', description: '精确到分钟 / to the minute' })
  generatedAt: string;

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: [EmbedUnitView] })
  units: EmbedUnitView[];
}
