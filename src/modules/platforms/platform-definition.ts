import type { PlatformHints, PlatformIcon, PlatformIconFace } from './platform-icon';

/**
 * What a platform is to the registry (平台注册表). Pure types, no framework: the built-ins are
 * one file each under builtin/, registered in builtin/index.ts.
 */

/** An account identifier as the platform writes it, with the kind of identifier it is. */
export interface PlatformIdForm {
  /**
   * What the identifier is (uid, domain, token, user, biz…): identifiers of different kinds
   * never name the same account, even when their text is equal.
   */
  idKind: string;
  /** The account's identifier on the platform. */
  platformId: string;
}

/** The one form every URL of an account is reduced to. */
export interface CanonicalAccount extends PlatformIdForm {
  /** The account's homepage as one canonical https URL. */
  homepage: string;
}

export interface PlatformDefinition {
  /** Stored in `accounts.platform`: `^[a-z][a-z0-9_]{1,31}$`. */
  readonly code: string;
  /** The Chinese name offices and citizens know it by. */
  readonly name: string;
  /** Other names offices write in spreadsheets (台账, 转发任务 imports), e.g. 公众号, 新浪微博. */
  readonly aliases?: readonly string[];
  /**
   * Regular expressions over the URL without its scheme (`host[:port]/path?query`), matched
   * case-insensitively: a URL one of them matches belongs to the platform.
   */
  readonly urlPatterns: readonly RegExp[];
  /** The patterns as their author wrote them (custom platforms), shown instead of `RegExp.source`. */
  readonly urlPatternSources?: readonly string[];
  /**
   * Turns any URL form of an account on the platform (mobile and desktop hosts, share links,
   * trailing slashes, tracking parameters) into its canonical homepage and platform ID;
   * undefined for a URL of the platform that names no account. Called only for URLs that
   * match `urlPatterns`.
   */
  canonical?(url: URL): CanonicalAccount | undefined;
  /** The forms an identifier typed on its own (not inside a URL) may stand for; none when omitted. */
  idForms?(id: string): PlatformIdForm[];
  /** Quarterly reports give the platform a column even when no account is on it (v1's platforms). */
  readonly alwaysInReports?: boolean;
  /** The mark every page shows beside (or instead of) the name. */
  readonly icon: PlatformIcon;
  /** What the account form's 账号ID field takes on this platform, e.g. 原始ID gh_… */
  readonly idHint?: string;
  /** What the account form's 主页链接 field takes on this platform. */
  readonly homepageHint?: string;
}

/** One entry of `GET /api/platforms`. */
export interface PlatformListEntry {
  code: string;
  name: string;
  /** Built into the application (custom platforms, added by an admin, are not). */
  builtIn: boolean;
  /** The `urlPatterns` as regular-expression source text (matched case-insensitively). */
  urlPatterns: string[];
  /** The source kinds (采集方式) that serve the platform (each kind names its platforms: source-kinds registry). */
  sourceKinds: string[];
  icon: PlatformIconFace;
  idHint: PlatformHints['idHint'];
  homepageHint: PlatformHints['homepageHint'];
}
