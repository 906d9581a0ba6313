import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';

export class CreatePollDto {
  @ApiPropertyOptional({ type: [Number], description: 'accounts to poll; every polled account in scope when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50000)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  accountIds?: number[];
}
