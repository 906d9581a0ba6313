import { Inject, Injectable } from '@nestjs/common';
import { Page } from '../../common/pagination';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { platformRegistry } from '../platforms/platform-registry';
import { DirectoryAccountRow, PublicDirectoryRepository } from '../reporting/public-directory.repository';
import {
  accountUrlKey,
  AccountUrlKey,
  InvalidAccountUrlError,
  keysForPlatformId,
  samePlatformId,
  searchFragment,
  tryAccountUrlKey,
  withPlatformOf,
} from '../platforms/account-url';
import { DirectoryFilterQuery, PublicAccountsQuery, VerifyQuery } from './directory.dto';
import { DiscoveryService } from '../discovery/discovery.service';
import { DeregisteredAccountView, ImpostorAccountView, PublicAccountView, PublicUnitView, UnverifiedAccountView, VerifiedAccountView } from './directory.responses';

/** What the public may see of an account (and nothing else): the response classes (directory.responses.ts). */
export type PublicAccount = PublicAccountView;
export type PublicUnit = PublicUnitView;
export type VerifyResult = VerifiedAccountView | DeregisteredAccountView | ImpostorAccountView | UnverifiedAccountView;

/** The page and the exports list at most this many accounts (a district has hundreds). */
export const MAX_LISTED = 5000;
/** Candidates compared in memory for one verification. */
const MAX_CANDIDATES = 500;

type AccountRow = DirectoryAccountRow;

/**
 * Read-only queries for the public directory (公开名录). Only accounts in state `opened`
 * are listed; verification also recognises `deregistered` ones. Every public object is
 * built field by field from an explicit column list.
 */
@Injectable()
export class DirectoryService {
  private readonly dateFormat: Intl.DateTimeFormat;

  constructor(
    private readonly directory: PublicDirectoryRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly discovery: DiscoveryService,
  ) {
    this.dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: config.appTimezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** YYYY-MM-DD in APP_TIMEZONE. */
  localDate(date: Date | null): string | null {
    return date ? this.dateFormat.format(date) : null;
  }

  private present(row: AccountRow, unitNames: Map<number, string>): PublicAccount {
    return {
      unitId: row.unitId,
      unitName: unitNames.get(row.unitId) ?? '',
      platform: row.platform,
      platformName: platformRegistry.nameOf(row.platform),
      name: row.name,
      platformAccountId: row.platformAccountId,
      homepageUrl: row.homepageUrl,
      openedAt: row.openedAt ? row.openedAt.toISOString() : null,
      openedOn: this.localDate(row.openedAt),
    };
  }

  private async presentAll(rows: AccountRow[]): Promise<PublicAccount[]> {
    const names = await this.directory.unitNames(rows.map((r) => r.unitId));
    return rows.map((r) => this.present(r, names));
  }

  /** `GET /api/public/accounts` */
  async list(query: PublicAccountsQuery): Promise<Page<PublicAccount>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const found = await this.directory.openedPage(query, page, pageSize);
    return { ...found, items: await this.presentAll(found.items) };
  }

  /** Every listed account matching the filter (the page and the exports), at most MAX_LISTED. */
  async all(filter: DirectoryFilterQuery = {}): Promise<PublicAccount[]> {
    const rows = await this.directory.opened(filter, MAX_LISTED);
    return this.presentAll(rows);
  }

  /** `GET /api/public/units`: units with at least one listed account, in directory order. */
  async listUnits(): Promise<PublicUnit[]> {
    return this.directory.unitsWithOpenedAccounts();
  }

  /**
   * `GET /api/public/verify`: whether a URL or platform id belongs to an opened account.
   * A deregistered account says so; every other state answers exactly like an unknown one.
   */
  async verify(query: VerifyQuery): Promise<VerifyResult> {
    const url = query.url?.trim();
    const id = query.id?.trim();
    let matches: (row: AccountRow) => boolean;
    let idCandidates: string[] = [];
    let fragment: string;
    if (url) {
      if (query.platform !== undefined || query.id !== undefined) throw fieldError('url', '请只填写网址，或只填写平台和账号ID（id），不要同时填写');
      let key: AccountUrlKey;
      await withPlatformOf(url);
      try {
        key = accountUrlKey(url);
      } catch (error) {
        if (error instanceof InvalidAccountUrlError) throw fieldError('url', `网址无效：${error.message}`);
        throw error;
      }
      matches = (row) =>
        tryAccountUrlKey(row.homepageUrl)?.key === key.key || (key.platform !== null && key.platform === row.platform && samePlatformId(row.platformAccountId, key.id));
      if (key.id) idCandidates = [key.id];
      fragment = key.id ? searchFragment(key.id) : key.key.replace(/^url:/, '').split(/[/?]/)[0];
    } else if (query.platform && id) {
      const platform = query.platform;
      const keys = keysForPlatformId(platform, id);
      matches = (row) => row.platform === platform && (samePlatformId(row.platformAccountId, id) || keys.includes(tryAccountUrlKey(row.homepageUrl)?.key ?? ''));
      idCandidates = [id];
      fragment = searchFragment(id);
    } else {
      throw fieldError('url', '请填写要核验的账号主页网址，或平台和平台账号ID(id)');
    }

    const candidates = await this.directory.verificationCandidates(idCandidates, fragment, MAX_CANDIDATES);
    const found = candidates.filter(matches);
    const opened = found.find((a) => a.state === 'opened');
    if (opened) return { verified: true, account: (await this.presentAll([opened]))[0] };
    const impostor = await this.discovery.knownImpostor(url ? { url } : { platform: query.platform, id });
    if (impostor) {
      const { name, platform, platformName, recordedAt } = impostor;
      return { verified: false, status: 'impostor', name, platform, platformName, recordedOn: this.localDate(new Date(recordedAt)) };
    }
    const deregistered = found.filter((a) => a.state === 'deregistered').sort((x, y) => (y.deregisteredAt?.getTime() ?? 0) - (x.deregisteredAt?.getTime() ?? 0))[0];
    if (deregistered) {
      return {
        verified: false,
        status: 'deregistered',
        deregisteredAt: deregistered.deregisteredAt ? deregistered.deregisteredAt.toISOString() : null,
        deregisteredOn: this.localDate(deregistered.deregisteredAt),
        name: deregistered.name,
        platform: deregistered.platform,
        platformName: platformRegistry.nameOf(deregistered.platform),
      };
    }
    return { verified: false };
  }
}
