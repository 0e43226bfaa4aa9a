import { AppError, badRequest } from '@kiosk/kit/errors';
import { maxMediaBytes, mediaTypes, sniffImageType, type MediaType } from '@kiosk/contracts';

/**
 * What all uploaded images together may weigh. Every image stays in the catalog streams for good (a new box
 * replays them), and the smallest of them, the hub's per-store CATALOG_TO_<ID>, holds 64 MiB and drops its
 * oldest messages when full: half of it for images leaves the other half to the rest of the catalog.
 */
export const mediaBudgetBytes = 32 * 1024 ** 2;

/**
 * The type of an uploaded image, decided by its bytes and never by what the uploader declared: an SVG or an
 * HTML page declared as image/png is still refused (either can carry a script to whoever opens it).
 */
export function uploadedImageType(bytes: Uint8Array): MediaType {
  if (bytes.length === 0) throw badRequest('image_required', 'send the image file as the request body, with its Content-Type');
  if (bytes.length > maxMediaBytes) throw imageTooLarge();
  const type = sniffImageType(bytes);
  if (!type) throw unsupportedImage();
  return type;
}

export const unsupportedImage = () =>
  new AppError(415, 'unsupported_image', 'only PNG, JPEG or WebP images are accepted (not SVG, HTML or anything else)', { accepted: Object.keys(mediaTypes) });

export const imageTooLarge = () =>
  new AppError(413, 'image_too_large', `an image may be at most ${maxMediaBytes / 1024} KiB: export it smaller (e.g. 800 px wide WebP or JPEG)`, { maxBytes: maxMediaBytes });

/** Refuses an image that would take every image together over the budget the catalog streams can keep. */
export function checkMediaBudget(storedBytes: number, addedBytes: number): void {
  if (storedBytes + addedBytes > mediaBudgetBytes) {
    throw new AppError(413, 'media_budget_exceeded', `all images together may weigh at most ${mediaBudgetBytes / 1024 ** 2} MiB`, { storedBytes, budgetBytes: mediaBudgetBytes });
  }
}
