/**
 * Images uploaded at central and served by every store: what an image may be, and the one name it has
 * everywhere. The name is the SHA-256 of the bytes, so a name always means the same bytes (cacheable for ever)
 * and uploading the same file twice gives the same name.
 */

/** The image types accepted, with the extension of their name. Nothing that can carry a script (SVG, HTML). */
export const mediaTypes = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;
export type MediaType = keyof typeof mediaTypes;

/**
 * The largest image accepted. An image travels as one catalog event, and the catalog streams (hub and store)
 * take messages of at most 256 KiB: 192 KiB leaves room for the event's envelope and headers.
 */
export const maxMediaBytes = 192 * 1024;

/** Where the gateways serve uploaded images (central's for the admin preview, each store's for its kiosks). */
export const mediaPathPrefix = '/media/u/';

const startsWith = (bytes: Uint8Array, at: number, expected: readonly number[]) =>
  bytes.length >= at + expected.length && expected.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes themselves say (magic numbers), whatever the uploader declared; null for anything else. */
export function sniffImageType(bytes: Uint8Array): MediaType | null {
  // PNG: the 8-byte signature, then the IHDR chunk.
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && startsWith(bytes, 12, ascii('IHDR'))) return 'image/png';
  // JPEG: start of image, then the first marker.
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // WebP: a RIFF container of form WEBP whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP')) && startsWith(bytes, 12, ascii('VP8'))) return 'image/webp';
  return null;
}

const sha256Hex = /^[0-9a-f]{64}$/;

/** The file name of an image: `<sha256>.<ext>`. */
export function mediaFileName(sha256: string, type: MediaType): string {
  if (!sha256Hex.test(sha256)) throw new Error(`not a lower-case hex SHA-256: ${sha256}`);
  return `${sha256}.${mediaTypes[type]}`;
}

/** The URL path a product or category's imageUrl takes for an uploaded image. */
export const mediaUrl = (sha256: string, type: MediaType) => `${mediaPathPrefix}${mediaFileName(sha256, type)}`;

/** `<sha256>.<ext>` back to its parts; null for any other name (wrong case, unknown extension, a path). */
export function parseMediaFileName(file: string): { sha256: string; type: MediaType } | null {
  const m = /^([0-9a-f]{64})\.([a-z]+)$/.exec(file);
  if (!m) return null;
  const type = (Object.keys(mediaTypes) as MediaType[]).find((t) => mediaTypes[t] === m[2]);
  return type ? { sha256: m[1]!, type } : null;
}

/** True when `type` is one of the accepted image types (a media event from central must say one). */
export const isMediaType = (type: string): type is MediaType => Object.hasOwn(mediaTypes, type);
