import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The built-in 工作要求 text, used when config/report-requirements.md cannot be read. */
const FALLBACK_REQUIREMENTS = '加大政务新媒体管理。要严格政务新媒体开办流程，严防先开设后申请、已注销仍运行、监管和实体脱离、一平台开设多个账号等问题的发生。';

/**
 * The 工作要求 template (config/report-requirements.md, or REPORT_REQUIREMENTS_FILE when given),
 * read at each computation so edits apply at once.
 */
export function reportRequirements(configuredFile: string | undefined): string {
  const candidates = configuredFile
    ? [configuredFile]
    : [
        path.resolve(__dirname, '../../../config/report-requirements.md'),
        path.resolve(__dirname, '../../../../config/report-requirements.md'),
        path.resolve(process.cwd(), 'config/report-requirements.md'),
      ];
  for (const file of candidates) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return FALLBACK_REQUIREMENTS;
}
