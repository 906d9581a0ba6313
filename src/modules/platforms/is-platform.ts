/**
 * DTO validation of platform codes against the registry, read when a request is validated
 * (so platforms added to the registry after start are valid too, and a code the registry does
 * not know is looked for again in the database first: another process may have added it).
 */
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { platformRegistry } from './platform-registry';

/** A platform code the registry knows; else 400 naming the valid ones. With `{each: true}` for arrays. */
export function IsPlatform(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPlatform',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => platformRegistry.knows(value),
        defaultMessage: (args?: ValidationArguments) => `平台（${args?.property ?? 'platform'}）的取值无效，可选值：${platformRegistry.describeCodes()}`,
      },
    });
}
