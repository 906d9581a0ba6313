import { PipeTransform } from '@nestjs/common';
import { fieldError } from './validation';

const MAX_ID = 2_147_483_647;

/**
 * Route `:id` parameters: positive integers, else 400 in words a person can act on.
 * The global ValidationPipe leaves route parameters as text (see validation.ts), so `0x1F` or
 * `1e3` are refused here rather than read as 31 or 1000; a number is still checked the same way.
 */
export class IdPipe implements PipeTransform<string | number, number> {
  transform(value: string | number): number {
    const valid = typeof value === 'number' ? Number.isInteger(value) && value >= 1 && value <= MAX_ID : /^[1-9]\d{0,9}$/.test(value) && Number(value) <= MAX_ID;
    if (!valid) throw fieldError('id', '编号必须是正整数');
    return Number(value);
  }
}
