import { PipeTransform } from '@nestjs/common';
import { fieldError } from '../../common/validation';
import { PLATFORM_CODE, PLATFORM_CODE_RULE } from './platform-registry';

/**
 * Route `:code` parameters naming a platform: every platform's code matches PLATFORM_CODE (the
 * registry refuses others), so a code that does not (SQL text, `../..`, a NUL byte) is refused
 * as malformed (400) rather than looked up and answered as an unknown platform (404).
 */
export class PlatformCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !PLATFORM_CODE.test(value)) throw fieldError('code', PLATFORM_CODE_RULE);
    return value;
  }
}
