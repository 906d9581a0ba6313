import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';

/** A well-formed absolute http(s) URL with a host. */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2000) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !/\s/.test(value);
  } catch {
    return false;
  }
}

export function IsHttpUrl(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHttpUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: isHttpUrl },
    });
}

/** Allowed clock skew between a browser and the server when checking "not in the future". */
const FUTURE_TOLERANCE_MS = 60_000;

export function NotInFuture(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notInFuture',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => {
          const time = typeof value === 'string' ? Date.parse(value) : NaN;
          return Number.isNaN(time) || time <= Date.now() + FUTURE_TOLERANCE_MS;
        },
      },
    });
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text fields refuse control characters (tabs and newlines are fine). */
export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'noControlChars',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: (value: unknown) => typeof value !== 'string' || !CONTROL_CHARS.test(value) },
    });
}

/** Text that is stored trimmed must contain something besides whitespace ("  " would be stored as ""). */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notBlank',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && value.trim() !== '' },
    });
}

/**
 * ISO 8601 also allows forms JavaScript's Date cannot read (20230101, 2023-W01); such a
 * value would be stored as an invalid date, so it is refused like any other bad time.
 */
export function ParsableTime(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'parsableTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value)) },
    });
}

/**
 * An optional text field of a DTO: a string within `maxLength` with no control characters;
 * `null` passes (it clears the field on PATCH). `notBlank` also refuses whitespace only.
 */
export function OptionalText(maxLength: number, options: { notBlank?: boolean } = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    ValidateIf((_o, v) => v !== null)(target, key);
    IsString()(target, key);
    if (options.notBlank) NotBlank()(target, key);
    NoControlChars()(target, key);
    MaxLength(maxLength)(target, key);
  };
}

/** An optional http(s) URL field of a DTO; `null` passes (it clears the field on PATCH). */
export function OptionalUrl(maxLength = 1000): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    ValidateIf((_o, v) => v !== null)(target, key);
    IsHttpUrl()(target, key);
    MaxLength(maxLength)(target, key);
  };
}

/**
 * An integer in the query string: only plain decimal digits become a number. Anything else
 * ("0x10", "1e3", " 1", "") stays text and fails @IsInt, where @Type(() => Number) would have
 * read it as some other number (16, 1000, 1, 0) and filtered by that.
 */
export function QueryInt(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));
}
