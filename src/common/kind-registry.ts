/**
 * A registry of kinds (采集方式, 检测器, 告警通道): one list of definitions, each carrying its
 * code and its Chinese label. Pure, no framework; validation, labels and the OpenAPI enums of
 * the modules that keep such a list all read it. See docs/architecture.md.
 */
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export interface KindDefinition {
  /** The code stored in the database and used in the API. */
  readonly kind: string;
  /** The Chinese name people read. */
  readonly label: string;
}

export class KindRegistry<T extends KindDefinition> {
  private readonly entries = new Map<string, T>();

  /**
   * @param what what a definition is, for messages ("detector", "source kind", …)
   * @param pattern the codes the storage allows (column width)
   */
  constructor(
    private readonly what: string,
    readonly pattern: RegExp,
    builtIns: readonly T[] = [],
  ) {
    for (const definition of builtIns) this.add(definition);
  }

  /** Registers a definition; refuses a code the storage cannot hold, a code registered twice and a blank label. */
  add(definition: T): void {
    if (!this.pattern.test(definition.kind)) throw new Error(`${this.what} "${definition.kind}" does not match ${this.pattern}`);
    if (this.entries.has(definition.kind)) throw new Error(`${this.what} "${definition.kind}" is registered twice`);
    if (!definition.label?.trim()) throw new Error(`${this.what} "${definition.kind}" has no label`);
    this.entries.set(definition.kind, definition);
  }

  /** Every definition, in registration order. */
  list(): T[] {
    return [...this.entries.values()];
  }

  /** Every code, in registration order (validation lists, OpenAPI enums). */
  kinds(): string[] {
    return [...this.entries.keys()];
  }

  has(kind: unknown): kind is string {
    return typeof kind === 'string' && this.entries.has(kind);
  }

  get(kind: string): T | undefined {
    return this.entries.get(kind);
  }

  /** The definition of a code, or an error naming the registered ones. */
  require(kind: string): T {
    const definition = this.entries.get(kind);
    if (!definition) throw new Error(`unknown ${this.what} "${kind}" (registered: ${this.kinds().join(', ')})`);
    return definition;
  }

  /** The Chinese label, or the code itself for a code the registry does not know (rows stored by an older version). */
  labelOf(kind: string): string {
    return this.entries.get(kind)?.label ?? kind;
  }
}

/**
 * DTO validation against a registry, read when a request is validated (kinds registered after
 * start are valid too). Reports like `@IsIn` (constraint `isIn`, the same message), so 400
 * answers are unchanged. With `{each: true}` for arrays.
 */
export function IsRegisteredKind(registry: KindRegistry<KindDefinition>, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIn',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => registry.has(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${options?.each ? 'each value in ' : ''}${args?.property ?? 'kind'} must be one of the following values: ${registry.kinds().join(', ')}`,
      },
    });
}
