import { Controller, Get, Header, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth.decorators';
import { FILE_SCHEMA, PageOf } from '../../common/openapi';
import { directoryCsv, directoryXlsx } from './directory-export';
import { DirectoryFilterQuery, PublicAccountsQuery, VerifyQuery } from './directory.dto';
import {
  DeregisteredAccountView,
  ImpostorAccountView,
  DirectoryEmbedView,
  PublicAccountView,
  PublicUnitView,
  UnverifiedAccountView,
  VerifiedAccountView,
} from './directory.responses';
import { DirectoryService, PublicAccount } from './directory.service';
import { PublicThrottlerGuard } from './public-throttler.guard';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(ascii: string, chinese: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`;
}

/**
 * The public, read-only directory (公开名录): no login, rate limited per client, cached
 * (ETag + Cache-Control), CORS open (see PublicCorsMiddleware). Lists `opened` accounts only.
 */
@ApiTags('public 公开名录（无需登录）')
@ApiTooManyRequestsResponse({ description: '请求过于频繁' })
@Public()
@UseGuards(PublicThrottlerGuard)
@Controller('public')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('accounts')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @ApiOkResponse({ type: PageOf(PublicAccountView), description: '已开设账号的公开字段，按单位编码、单位名称、平台、名称排序 / public fields of opened accounts' })
  accounts(@Query() query: PublicAccountsQuery) {
    return this.directory.list(query);
  }

  @Get('units')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @ApiOkResponse({ type: [PublicUnitView], description: '有公开账号的单位 / units with at least one listed account' })
  units() {
    return this.directory.listUnits();
  }

  @Get('verify')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @ApiExtraModels(VerifiedAccountView, DeregisteredAccountView, ImpostorAccountView, UnverifiedAccountView)
  @ApiOkResponse({
    description:
      '{verified:true, account} 属于已开设账号；已注销账号 {verified:false, status:"deregistered", deregisteredAt, name, platform}；已认定的假冒账号 {verified:false, status:"impostor", name, platform, recordedOn}；其他一律 {verified:false}',
    schema: { oneOf: [VerifiedAccountView, DeregisteredAccountView, ImpostorAccountView, UnverifiedAccountView].map((view) => ({ $ref: getSchemaPath(view) })) },
  })
  verify(@Query() query: VerifyQuery) {
    return this.directory.verify(query);
  }

  @Get('accounts.csv')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '名录 CSV(UTF-8)/ the directory as CSV' })
  async csv(@Query() query: DirectoryFilterQuery, @Res() res: Response): Promise<void> {
    const accounts = await this.directory.all(query);
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', attachment('gov-newmedia-directory.csv', '政务新媒体名录.csv')).send(directoryCsv(accounts));
  }

  @Get('accounts.xlsx')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '名录 XLSX / the directory as a workbook' })
  async xlsx(@Query() query: DirectoryFilterQuery, @Res() res: Response): Promise<void> {
    const accounts = await this.directory.all(query);
    const today = this.directory.localDate(new Date()) ?? '';
    res
      .type(XLSX_TYPE)
      .setHeader('Content-Disposition', attachment('gov-newmedia-directory.xlsx', '政务新媒体名录.xlsx'))
      .send(await directoryXlsx(accounts, today));
  }

  /** For the district website: the whole directory grouped by unit, CORS open. */
  @Get('embed.json')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @ApiOkResponse({ type: DirectoryEmbedView, description: '按单位分组的名录 / the directory grouped by unit' })
  async embed(@Query() query: DirectoryFilterQuery): Promise<DirectoryEmbedView> {
    const accounts = await this.directory.all(query);
    const units = new Map<number, { unitId: number; unitName: string; accounts: PublicAccount[] }>();
    for (const account of accounts) {
      let unit = units.get(account.unitId);
      if (!unit) units.set(account.unitId, (unit = { unitId: account.unitId, unitName: account.unitName, accounts: [] }));
      unit.accounts.push(account);
    }
    // Minute precision keeps the body (and so its ETag) stable while nothing changes.
    const generatedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    return { generatedAt, total: accounts.length, units: [...units.values()] };
  }
}
