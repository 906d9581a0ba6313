import { BadRequestException, ConflictException, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { TransactionRunner } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { customDefinition, CustomPlatformFacts, patternProblems } from './custom-platform';
import { CustomPlatformsRepository } from './custom-platforms.repository';
import type { PlatformListEntry } from './platform-definition';
import { platformRegistry } from './platform-registry';
import { CreatePlatformDto } from './platforms.dto';

/**
 * Custom platforms (自定义平台): kept in `custom_platforms`, registered in the platform
 * registry at start and when added, so they serve like the built-ins.
 */
@Injectable()
export class CustomPlatformsService implements OnModuleInit {
  private readonly logger = new Logger(CustomPlatformsService.name);

  constructor(
    private readonly repository: CustomPlatformsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  /** Makes the registry's custom platforms the stored ones (also those another process added). */
  async load(): Promise<void> {
    const skipped = platformRegistry.replaceCustom((await this.repository.all()).map(customDefinition));
    for (const d of skipped) this.logger.warn(`自定义平台 ${d.code}(${d.name})与内置平台的代码或名称冲突,未加载`);
  }

  async list(): Promise<PlatformListEntry[]> {
    await this.load();
    return platformRegistry.listEntries();
  }

  async create(dto: CreatePlatformDto, actor: Actor): Promise<PlatformListEntry> {
    const facts: CustomPlatformFacts = { code: dto.code, name: dto.name.trim(), urlPatterns: (dto.urlPatterns ?? []).map((p) => p.trim()) };
    const problems = patternProblems(facts.urlPatterns);
    if (problems.length) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `网址规则(urlPatterns)有误:${problems.join(';')}`,
        errors: problems.map((message) => ({ field: 'urlPatterns', message })),
      });
    }
    await this.load();
    const definition = customDefinition(facts);
    await this.transactions.run(async (tx) => {
      if (platformRegistry.isBuiltIn(facts.code) || (await this.repository.codeTaken(facts.code, tx))) {
        throw new ConflictException(`平台代码“${facts.code}”已存在(${platformRegistry.nameOf(facts.code)}),请换一个代码`);
      }
      const taken = platformRegistry.parse(facts.name);
      if (taken) throw new ConflictException(`平台名称“${facts.name}”已被平台 ${taken}(${platformRegistry.nameOf(taken)})使用,请换一个名称`);
      const created = await this.repository.insert(facts, actor.id, tx);
      await this.audit.record(tx, { subjectType: 'platform', subjectId: created.id, action: 'create', actor, changes: { ...facts } });
    });
    platformRegistry.add(definition);
    return platformRegistry.listEntries().find((e) => e.code === facts.code)!;
  }
}
