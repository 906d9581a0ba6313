/**
 * The source-kind registry (采集方式注册表): the one list of the ways posts come in — their
 * Chinese labels, settings, platforms and adapters. Source validation and settings, polling,
 * post origins, `GET /api/platforms` and the OpenAPI enums read it.
 */
import { KindRegistry } from '../../common/kind-registry';
import { BUILT_IN_SOURCE_KINDS } from './builtin';
import { SOURCE_KIND, SourceKindDefinition } from './source-kind';

export class SourceKindRegistry extends KindRegistry<SourceKindDefinition> {
  constructor(builtIns: readonly SourceKindDefinition[] = BUILT_IN_SOURCE_KINDS) {
    super('source kind', SOURCE_KIND, builtIns);
  }

  /** The kinds that are polled (they have an adapter), in registration order. */
  polledKinds(): string[] {
    return this.list()
      .filter((d) => d.createSource)
      .map((d) => d.kind);
  }

  /** Whether the scheduler polls sources of this kind. */
  isPolled(kind: string): boolean {
    return !!this.get(kind)?.createSource;
  }

  /** The kinds that serve a platform, in registration order. */
  forPlatform(platform: string): string[] {
    return this.list()
      .filter((d) => !d.platforms || d.platforms.includes(platform))
      .map((d) => d.kind);
  }
}

/** The application's registry: the built-ins (builtin/index.ts); `sourceKindRegistry.add(definition)` registers one more. */
export const sourceKindRegistry = new SourceKindRegistry();
