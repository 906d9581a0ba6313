/**
 * A platform's mark (平台图标) and the hints the account form shows for it: a colour and a
 * one- or two-character glyph the web draws as a badge. Pure, no framework; the built-ins set
 * theirs in builtin/, an admin sets a custom platform's (validated here).
 */

/** The mark: a background colour (`#rrggbb`) and the 1–2 characters written on it. */
export interface PlatformIcon {
  color: string;
  glyph: string;
}

/** What the account form says the ID and homepage of an account on the platform look like. */
export interface PlatformHints {
  idHint: string | null;
  homepageHint: string | null;
}

export const ICON_COLOR = /^#[0-9a-fA-F]{6}$/;
export const MAX_GLYPH_CHARACTERS = 2;
export const MAX_HINT_LENGTH = 100;
/** A neutral slate for custom platforms whose admin chose no colour. */
export const DEFAULT_ICON_COLOR = '#5B6B7F';

/** Characters as a person counts them (a surrogate pair is one). */
const characters = (text: string) => Array.from(text);

/** The default mark of a custom platform: the default colour and the first character of its name. */
export function defaultIcon(name: string): PlatformIcon {
  return { color: DEFAULT_ICON_COLOR, glyph: characters(name.trim())[0] ?? '?' };
}

/** The problem with a colour (Chinese, for the admin), or null. */
export function colorProblem(color: string): string | null {
  return ICON_COLOR.test(color) ? null : `图标颜色“${color}”无效，须为 # 加 6 位十六进制数字，如 #1677FF`;
}

/** The problem with a glyph (Chinese, for the admin), or null. */
export function glyphProblem(glyph: string): string | null {
  const count = characters(glyph).length;
  if (count === 0 || !glyph.trim()) return '图标文字不能为空，请填 1–2 个字，如“知”';
  if (count > MAX_GLYPH_CHARACTERS) return `图标文字“${glyph}”过长，最多 ${MAX_GLYPH_CHARACTERS} 个字，如“知”`;
  // Control, format and separator characters would draw nothing (or break the badge).
  if (/[\p{C}\p{Z}]/u.test(glyph)) return `图标文字“${glyph}”含空白或不可见字符，请填 1–2 个可见的字`;
  return null;
}

/** The problems of an icon as given (either part may be left out). */
export function iconProblems(icon: Partial<PlatformIcon>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const color = icon.color === undefined ? null : colorProblem(icon.color);
  if (color) problems.push({ field: 'icon.color', message: color });
  const glyph = icon.glyph === undefined ? null : glyphProblem(icon.glyph);
  if (glyph) problems.push({ field: 'icon.glyph', message: glyph });
  return problems;
}

/** A colour in the one form stored and served: upper-case hex. */
export const normaliseColor = (color: string) => color.toUpperCase();

/** The mark as served: with the colour its glyph is written in, so it reads on any background. */
export interface PlatformIconFace extends PlatformIcon {
  textColor: string;
}

/** Relative luminance (WCAG 2) of a `#rrggbb` colour. */
function luminance(color: string): number {
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** White glyphs on colours down to mid-light (as the platforms' own marks are), dark ones on light colours. */
export function iconFace(icon: PlatformIcon): PlatformIconFace {
  return { color: normaliseColor(icon.color), glyph: icon.glyph, textColor: luminance(icon.color) > 0.6 ? '#1F1F1F' : '#FFFFFF' };
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The mark as inline SVG, for server-rendered pages (the public directory): presentation
 * attributes only, so a strict Content-Security-Policy (no inline styles) allows it.
 */
export function iconSvg(icon: PlatformIcon, size = 20): string {
  const face = iconFace(icon);
  const fontSize = Array.from(face.glyph).length > 1 ? 8 : 11;
  return (
    `<svg class="platform-icon" width="${size}" height="${size}" viewBox="0 0 20 20" role="img" aria-hidden="true">` +
    `<rect width="20" height="20" rx="5" fill="${face.color}"/>` +
    `<text x="10" y="10" dy="0.36em" text-anchor="middle" font-size="${fontSize}" font-weight="bold" fill="${face.textColor}">${escapeXml(face.glyph)}</text></svg>`
  );
}
