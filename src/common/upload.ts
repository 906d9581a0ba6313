import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';

/**
 * Multer options for the spreadsheet imports (multipart field `file`): one file of at most
 * UPLOAD_MAX_BYTES (413 beyond) and a handful of small text fields, so a form cannot hold
 * megabytes of fields in memory (multer allows 1 MB per field by default). The file's type is
 * judged by its content (common/spreadsheet.ts, 400 with a Chinese message), not its name.
 */
export function spreadsheetUploadOptions(config: AppConfig): MulterModuleOptions {
  return { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 } };
}
