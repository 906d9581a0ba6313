import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { PutReportSettingsDto } from './settings.dto';
import { ReportSettingsView } from './settings.responses';
import { SettingsService } from './settings.service';

@ApiTags('settings 设置')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('report')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: ReportSettingsView, description: '通报的发文机关、文号与成文日期 / the bulletin letterhead' })
  report(): Promise<ReportSettingsView> {
    return this.settings.report();
  }

  @Put('report')
  @Roles('admin')
  @ApiOkResponse({ type: ReportSettingsView })
  putReport(@Body() dto: PutReportSettingsDto, @CurrentActor() actor: Actor): Promise<ReportSettingsView> {
    return this.settings.putReport(dto, actor);
  }
}
