import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { TransactionRunner } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { customDefinition, CustomPlatformFacts, patternProblems } from './custom-platform';
import { CustomPlatformLook, CustomPlatformsRepository } from './custom-platforms.repository';
import type { PlatformListEntry } from './platform-definition';
import { normaliseColor, PlatformIcon } from './platform-icon';
import { platformRegistry } from './platform-registry';
import { CreatePlatformDto, PlatformLookDto, UpdatePlatformDto } from './platforms.dto';

/**
 * How often every process reloads the custom platforms anyway, so a name or mark changed
 * elsewhere shows here too. (A platform code or URL it does not know yet makes it reload at
 * once: platformRegistry.knows / withPlatformOf.)
 */
export const PLATFORM_RELOAD_MS = 15_000;

/**
 * Custom platforms (自定义平台): kept in `custom_platforms`, registered in the platform
 * registry at start, when added, and whenever this process meets a code or URL it does not
 * know (another process may have added it), so they serve like the built-ins.
 */
@Injectable()
export class CustomPlatformsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CustomPlatformsService.name);
  private timer: NodeJS.Timeout | null = null;
  private readonly reloader = () => this.load();

  constructor(
    private readonly repository: CustomPlatformsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
    platformRegistry.setReloader(this.reloader);
    this.timer = setInterval(() => void platformRegistry.reload(), PLATFORM_RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    platformRegistry.setReloader(null);
  }

  /** Makes the registry's custom platforms the stored ones (also those another process added). */
  async load(): Promise<void> {
    let stored: CustomPlatformFacts[];
    try {
      stored = await this.repository.all();
    } catch (error) {
      // The registry keeps what it had: a code it does not know is refused as unknown, not with a 500.
      this.logger.warn(`自定义平台未能重新加载：${(error as Error).message}`);
      return;
    }
    const skipped = platformRegistry.replaceCustom(stored.map(customDefinition));
    for (const d of skipped) this.logger.warn(`自定义平台 ${d.code}（${d.name}）与内置平台的代码或名称冲突，未加载`);
  }

  async list(): Promise<PlatformListEntry[]> {
    await platformRegistry.reload();
    return platformRegistry.listEntries();
  }

  async create(dto: CreatePlatformDto, actor: Actor): Promise<PlatformListEntry> {
    const facts: CustomPlatformFacts = { code: dto.code, name: dto.name.trim(), urlPatterns: (dto.urlPatterns ?? []).map((p) => p.trim()), ...lookOf(dto) };
    const problems = patternProblems(facts.urlPatterns);
    if (problems.length) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `网址规则有误：${problems.join('；')}`,
        errors: problems.map((message) => ({ field: 'urlPatterns', message })),
      });
    }
    await platformRegistry.reload();
    const definition = customDefinition(facts);
    await this.transactions.run(async (tx) => {
      if (platformRegistry.isBuiltIn(facts.code) || (await this.repository.codeTaken(facts.code, tx))) {
        throw new ConflictException(`平台代码“${facts.code}”已存在（${platformRegistry.nameOf(facts.code)}），请换一个代码`);
      }
      const taken = platformRegistry.parse(facts.name);
      if (taken) throw new ConflictException(`平台名称“${facts.name}”已被平台 ${taken}（${platformRegistry.nameOf(taken)}）使用，请换一个名称`);
      const created = await this.repository.insert(facts, actor.id, tx);
      await this.audit.record(tx, { subjectType: 'platform', subjectId: created.id, action: 'create', actor, changes: { ...facts } });
    });
    platformRegistry.add(definition);
    return this.entry(facts.code);
  }

  /** Sets a custom platform's mark and hints (a built-in's are part of the application: 409). */
  async update(code: string, dto: UpdatePlatformDto, actor: Actor): Promise<PlatformListEntry> {
    const look = lookOf(dto);
    await platformRegistry.reload();
    await this.transactions.run(async (tx) => {
      const row = await this.repository.findByCode(code, tx);
      if (!row) {
        if (platformRegistry.isBuiltIn(code)) throw new ConflictException(`${platformRegistry.nameOf(code)}是内置平台，其图标和填写提示不能修改`);
        throw new NotFoundException(`平台“${code}”不存在`);
      }
      await this.repository.updateLook(row, look, tx);
      await this.audit.record(tx, { subjectType: 'platform', subjectId: row.id, action: 'update', actor, changes: { ...look } });
    });
    await this.load();
    return this.entry(code);
  }

  private entry(code: string): PlatformListEntry {
    return platformRegistry.listEntries().find((e) => e.code === code)!;
  }
}

/** The look fields the request set (absent ones stay as they are; a hint sent as null or blank is cleared). */
function lookOf(dto: PlatformLookDto): CustomPlatformLook {
  const look: CustomPlatformLook = {};
  if (dto.icon) {
    const icon: Partial<PlatformIcon> = {};
    if (dto.icon.color !== undefined && dto.icon.color !== null) icon.color = normaliseColor(dto.icon.color);
    if (dto.icon.glyph !== undefined && dto.icon.glyph !== null) icon.glyph = dto.icon.glyph;
    look.icon = icon;
  }
  if (dto.idHint !== undefined) look.idHint = dto.idHint?.trim() || null;
  if (dto.homepageHint !== undefined) look.homepageHint = dto.homepageHint?.trim() || null;
  return look;
}
