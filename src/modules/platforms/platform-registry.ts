/**
 * The platform registry (平台注册表): the one list of platforms the server knows — codes,
 * Chinese names and URL forms (the source kinds that serve each come from the source-kind
 * registry). Pure, no framework: DTO validation, imports,
 * reports, the directory and `GET /api/platforms` all read it.
 */
import { sourceKindRegistry } from '../source-kinds/source-kind-registry';
import { BUILT_IN_PLATFORMS } from './builtin';
import type { CanonicalAccount, PlatformDefinition, PlatformIdForm, PlatformListEntry } from './platform-definition';
import { iconFace } from './platform-icon';
import { withoutScheme } from './url-parts';

export const PLATFORM_CODE = /^[a-z][a-z0-9_]{1,31}$/;
/** What PLATFORM_CODE asks for, in words an admin can act on. */
export const PLATFORM_CODE_RULE = '平台代码须以小写字母开头，由 2–32 位小写字母、数字或下划线组成，如 zhihu';

/** The catch-all platform, kept last in every list. */
const CATCH_ALL = 'other';

interface Entry {
  definition: PlatformDefinition;
  builtIn: boolean;
  /** urlPatterns, case-insensitive and without global state. */
  patterns: RegExp[];
}

/** A URL's platform, and its account when the URL names one. */
export interface UrlPlatform {
  code: string;
  account: CanonicalAccount | undefined;
}

/** Spreadsheet text as compared with names and aliases: lower case, no whitespace. */
const normaliseName = (text: string) => text.trim().toLowerCase().replace(/\s/g, '');

export class PlatformRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Loads the custom platforms from where they are kept (set by the platforms module); none in pure tests. */
  private reloader: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(builtIns: readonly PlatformDefinition[], extra: readonly PlatformDefinition[] = []) {
    for (const definition of builtIns) this.add(definition, true);
    for (const definition of extra) this.add(definition, false);
  }

  /**
   * Registers a platform. Custom platforms (`POST /api/platforms`, custom-platforms.service.ts)
   * are added here with `builtIn: false` and serve like the built-ins.
   */
  add(definition: PlatformDefinition, builtIn = false): void {
    if (!PLATFORM_CODE.test(definition.code)) throw new Error(`Platform code "${definition.code}" does not match ${PLATFORM_CODE}`);
    if (this.entries.has(definition.code)) throw new Error(`Platform "${definition.code}" is registered twice`);
    for (const name of [definition.name, ...(definition.aliases ?? [])]) {
      const taken = this.parse(name);
      if (taken) throw new Error(`Platform "${definition.code}": the name "${name}" already stands for "${taken}"`);
    }
    const patterns = definition.urlPatterns.map((p) => new RegExp(p.source, p.flags.replace(/[gy]/g, '').replace('i', '') + 'i'));
    this.entries.set(definition.code, { definition, builtIn, patterns });
  }

  /**
   * Replaces the custom (not built-in) platforms with the stored ones; a stored platform that
   * no longer fits (a built-in took its code or name) is skipped and returned.
   */
  replaceCustom(definitions: readonly PlatformDefinition[]): PlatformDefinition[] {
    for (const [code, entry] of this.entries) if (!entry.builtIn) this.entries.delete(code);
    const skipped: PlatformDefinition[] = [];
    for (const definition of definitions) {
      try {
        this.add(definition, false);
      } catch {
        skipped.push(definition);
      }
    }
    return skipped;
  }

  /** Where reload() gets the custom platforms from; null detaches it (the application closed). */
  setReloader(reloader: (() => Promise<void>) | null): void {
    this.reloader = reloader;
  }

  /**
   * Reloads the custom platforms, so one another process added is known here. The caller waits
   * for a load that started after its call (so a platform committed before it is seen); callers
   * waiting together share one load.
   */
  reload(): Promise<void> {
    const reloader = this.reloader;
    if (!reloader) return Promise.resolve();
    if (this.queued) return this.queued;
    const start = (): Promise<void> => {
      this.queued = null;
      const run: Promise<void> = reloader().finally(() => {
        if (this.running === run) this.running = null;
      });
      this.running = run;
      return run;
    };
    if (!this.running) return start();
    this.queued = this.running.catch(() => undefined).then(start);
    return this.queued;
  }

  /** Like has(), but a well-formed code it does not know is looked for again after a reload before it is refused. */
  async knows(code: unknown): Promise<boolean> {
    if (this.has(code)) return true;
    if (typeof code !== 'string' || !PLATFORM_CODE.test(code)) return false;
    await this.reload();
    return this.has(code);
  }

  isBuiltIn(code: string): boolean {
    return this.entries.get(code)?.builtIn === true;
  }

  /** Every platform in display order: as registered, the catch-all `other` last. */
  list(): PlatformDefinition[] {
    return this.ordered().map((e) => e.definition);
  }

  codes(): string[] {
    return this.ordered().map((e) => e.definition.code);
  }

  has(code: unknown): code is string {
    return typeof code === 'string' && this.entries.has(code);
  }

  get(code: string): PlatformDefinition | undefined {
    return this.entries.get(code)?.definition;
  }

  /** The Chinese name, or the code itself for a code the registry does not know. */
  nameOf(code: string): string {
    return this.entries.get(code)?.definition.name ?? code;
  }

  /** The Chinese names in display order (what import templates say may be written). */
  names(): string[] {
    return this.list().map((d) => d.name);
  }

  /** `GET /api/platforms` */
  listEntries(): PlatformListEntry[] {
    return this.ordered().map(({ definition: d, builtIn }) => ({
      code: d.code,
      name: d.name,
      builtIn,
      urlPatterns: d.urlPatternSources ? [...d.urlPatternSources] : d.urlPatterns.map((p) => p.source),
      sourceKinds: sourceKindRegistry.forPlatform(d.code),
      icon: iconFace(d.icon),
      idHint: d.idHint ?? null,
      homepageHint: d.homepageHint ?? null,
    }));
  }

  /** A platform written in a spreadsheet: its code, its name or one of its aliases (case and spaces do not matter). */
  parse(text: string): string | null {
    const key = normaliseName(text);
    if (!key) return null;
    if (this.entries.has(key)) return key;
    const found = this.list().find((d) => [d.name, ...(d.aliases ?? [])].some((n) => normaliseName(n) === key));
    return found?.code ?? null;
  }

  /** The platform a URL belongs to (its `urlPatterns` match), and the account it names, if any. */
  ofUrl(url: URL): UrlPlatform | undefined {
    const text = withoutScheme(url);
    const entry = this.ordered().find((e) => e.patterns.some((p) => p.test(text)));
    if (!entry) return undefined;
    return { code: entry.definition.code, account: entry.definition.canonical?.(url) };
  }

  /** The forms an identifier typed on its own stands for on the platform (none for an unknown platform). */
  idForms(code: string, id: string): PlatformIdForm[] {
    const trimmed = id.trim();
    if (!trimmed) return [];
    return this.entries.get(code)?.definition.idForms?.(trimmed) ?? [];
  }

  /**
   * The platforms a quarterly report gives a column, in display order: those marked
   * `alwaysInReports`, and any other with accounts in the report (also codes the registry
   * does not know, last).
   */
  reportColumns(used: Iterable<string>): string[] {
    const usedSet = new Set(used);
    const known = this.ordered()
      .map((e) => e.definition)
      .filter((d) => d.alwaysInReports || usedSet.has(d.code))
      .map((d) => d.code);
    return [...known, ...[...usedSet].filter((code) => !this.entries.has(code)).sort()];
  }

  /** The valid values, for messages: `wechat(微信公众号)、weibo(微博)…`. */
  describeCodes(): string {
    return this.list()
      .map((d) => `${d.code}(${d.name})`)
      .join('、');
  }

  private ordered(): Entry[] {
    const all = [...this.entries.values()];
    return [...all.filter((e) => e.definition.code !== CATCH_ALL), ...all.filter((e) => e.definition.code === CATCH_ALL)];
  }
}

/** The application's registry: the built-ins (builtin/index.ts). */
export const platformRegistry = new PlatformRegistry(BUILT_IN_PLATFORMS);
