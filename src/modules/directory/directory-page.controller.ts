import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import * as QRCode from 'qrcode';
import { Public } from '../../common/auth.decorators';
import { platformRegistry } from '../platforms/platform-registry';
import { InvalidAccountUrlError } from '../platforms/account-url';
import { renderDirectoryPage } from './directory-page';
import { MAX_SEARCH_LENGTH } from './directory.dto';
import { DirectoryService, MAX_LISTED, VerifyResult } from './directory.service';
import { PUBLIC_CACHE_CONTROL } from './directory.controller';
import { PublicThrottlerGuard } from './public-throttler.guard';

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned ? cleaned.slice(0, max) : undefined;
}

/**
 * The public directory page at /directory (outside the /api prefix): server-rendered HTML
 * in Chinese for citizens, with search, QR codes and a verification box. Query parameters
 * are read leniently (a bad one is ignored) because people type these addresses.
 */
@ApiExcludeController()
@Public()
@UseGuards(PublicThrottlerGuard)
@Controller('directory')
export class DirectoryPageController {
  private readonly qrCache = new Map<string, string>();

  constructor(private readonly directory: DirectoryService) {}

  private async qr(url: string): Promise<string> {
    let svg = this.qrCache.get(url);
    if (svg === undefined) {
      svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      if (this.qrCache.size > 10_000) this.qrCache.clear();
      this.qrCache.set(url, svg);
    }
    return svg;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', PUBLIC_CACHE_CONTROL)
  @Header('X-Content-Type-Options', 'nosniff')
  async page(@Query() query: Record<string, unknown>): Promise<string> {
    const q = text(query.q, MAX_SEARCH_LENGTH);
    const platform = (await platformRegistry.knows(query.platform)) ? (query.platform as string) : undefined;
    const unitIdRaw = typeof query.unitId === 'string' && /^[1-9]\d{0,9}$/.test(query.unitId) ? Number(query.unitId) : undefined;
    const unitId = unitIdRaw !== undefined && unitIdRaw <= 2_147_483_647 ? unitIdRaw : undefined;
    const [accounts, units] = await Promise.all([this.directory.all({ q, platform, unitId }), this.directory.listUnits()]);

    let verification: { input: string; result: VerifyResult | { error: string } } | undefined;
    const verifyInput = text(query.verify, 2000);
    if (verifyInput) {
      const vplatform = (await platformRegistry.knows(query.vplatform)) ? (query.vplatform as string) : undefined;
      try {
        const result = await this.directory.verify(vplatform ? { platform: vplatform, id: verifyInput.slice(0, 128) } : { url: verifyInput });
        verification = { input: verifyInput, result };
      } catch (error) {
        const message = error instanceof InvalidAccountUrlError ? error.message : ((error as { response?: { message?: string } }).response?.message ?? '');
        if (!message) throw error;
        verification = { input: verifyInput, result: { error: message } };
      }
    }

    const qrCodes = new Map<string, string>();
    for (const account of accounts) {
      if (account.homepageUrl && /^https?:\/\//i.test(account.homepageUrl) && !qrCodes.has(account.homepageUrl)) {
        qrCodes.set(account.homepageUrl, await this.qr(account.homepageUrl));
      }
    }
    return renderDirectoryPage({
      accounts,
      units: units.map((u) => ({ id: u.id, name: u.name })),
      platforms: platformRegistry.list().map((p) => ({ value: p.code, label: p.name })),
      filter: { q, platform, unitId },
      qrCodes,
      verification,
      generatedOn: this.directory.localDate(new Date()) ?? '',
      truncated: accounts.length >= MAX_LISTED,
    });
  }
}
