import type { Response } from 'express';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** A file to download: its bytes, type, and two names (ASCII for old clients, the Chinese one for the rest). */
export interface DownloadFile {
  content: Buffer;
  contentType: string;
  asciiName: string;
  fileName: string;
}

/** Sends the file as an attachment (RFC 6266 `filename*`, so Excel and Word see the Chinese name). */
export function sendDownload(res: Response, file: DownloadFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  res.send(file.content);
}
