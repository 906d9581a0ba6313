import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

/** A zip archive judged unsafe or unreadable before anything is inflated; the message is for a person. */
export class ZipError extends Error {}

export interface ZipLimits {
  /** Most entries an archive may list (an XLSX has a dozen or two). */
  maxEntries: number;
  /** Most bytes all entries together may inflate to, as declared and as actually inflated. */
  maxUncompressedBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_LENGTH = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;
const MB = 1024 * 1024;

/**
 * Reads a zip's central directory (no inflating) and refuses the archive when it lists more
 * entries or declares more uncompressed bytes than the limits allow: a decompression bomb is
 * turned away from its 22-byte directory record, not after gigabytes were inflated. Entries are
 * later inflated with their declared size as a hard cap (readEntry), so a directory that lies
 * about sizes gains nothing.
 */
export function readZipDirectory(buffer: Buffer, limits: ZipLimits): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(buffer);
  const declaredEntries = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (declaredEntries === 0xffff || directoryOffset === 0xffffffff) {
    throw new ZipError('不支持 ZIP64 格式的 Excel 文件，请在 Excel 中重新“另存为” .xlsx 后上传');
  }
  if (declaredEntries > limits.maxEntries) {
    throw new ZipError(`Excel 文件内部包含 ${declaredEntries} 个部件，超过上限 ${limits.maxEntries}（IMPORT_MAX_ZIP_ENTRIES），请另存为新的 .xlsx 或 .csv`);
  }
  if (directoryOffset + directorySize > eocd) throw new ZipError(UNREADABLE);
  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < declaredEntries; i++) {
    const entry = readCentralHeader(buffer, at);
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw new ZipError(
        `Excel 文件解压后超过 ${Math.round(limits.maxUncompressedBytes / MB)} MB（IMPORT_MAX_UNCOMPRESSED_BYTES），内容过大或不是正常的表格，请拆分后上传或另存为 .csv`,
      );
    }
    entries.set(entry.name, entry);
    at += 46 + buffer.readUInt16LE(at + 28) + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  return entries;
}

/** Inflates one entry on the thread pool, never beyond its declared size. */
export async function readEntry(buffer: Buffer, entry: ZipEntry): Promise<Buffer> {
  const at = entry.localHeaderOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL_SIGNATURE) throw new ZipError(UNREADABLE);
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new ZipError(UNREADABLE);
  const data = buffer.subarray(start, end);
  if (entry.method === STORED) {
    if (data.length !== entry.uncompressedSize) throw new ZipError(UNREADABLE);
    return data;
  }
  if (entry.method !== DEFLATED) throw new ZipError(UNREADABLE);
  if (entry.uncompressedSize === 0) return Buffer.alloc(0);
  try {
    return await inflateRawAsync(data, { maxOutputLength: entry.uncompressedSize });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError('Excel 文件内部的实际大小与其声明不符，文件已损坏或被篡改，未导入');
    throw new ZipError(UNREADABLE);
  }
}

const UNREADABLE = '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式';

function findEndOfCentralDirectory(buffer: Buffer): number {
  const lowest = Math.max(0, buffer.length - EOCD_MIN_LENGTH - MAX_COMMENT);
  for (let at = buffer.length - EOCD_MIN_LENGTH; at >= lowest; at--) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new ZipError(UNREADABLE);
}

function readCentralHeader(buffer: Buffer, at: number): ZipEntry {
  if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipError(UNREADABLE);
  const nameLength = buffer.readUInt16LE(at + 28);
  if (at + 46 + nameLength > buffer.length) throw new ZipError(UNREADABLE);
  const compressedSize = buffer.readUInt32LE(at + 20);
  const uncompressedSize = buffer.readUInt32LE(at + 24);
  const localHeaderOffset = buffer.readUInt32LE(at + 42);
  if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
    throw new ZipError('不支持 ZIP64 格式的 Excel 文件，请在 Excel 中重新“另存为” .xlsx 后上传');
  }
  return {
    name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
    method: buffer.readUInt16LE(at + 10),
    compressedSize,
    uncompressedSize,
    localHeaderOffset,
  };
}
