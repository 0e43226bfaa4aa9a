/**
 * What the menu editor checks of an image file before sending it. Central judges the bytes themselves (a
 * renamed SVG is still refused); this only saves a person an upload that cannot succeed, and names the
 * problem in their language.
 */
import { maxMediaBytes, mediaTypes } from '@kiosk/contracts/media';

export { maxMediaBytes };
/** What the file picker offers. */
export const acceptedImageTypes = Object.keys(mediaTypes).join(',');

/** An i18n key under `menu.editor.imageErrors`. */
export type ImageProblem = 'type' | 'tooLarge' | 'budget' | 'failed';

export function imageFileProblem(file: { size: number; type: string }): ImageProblem | null {
  // A browser that cannot tell the type leaves it empty: central decides then.
  if (file.type && !Object.hasOwn(mediaTypes, file.type)) return 'type';
  if (file.size > maxMediaBytes) return 'tooLarge';
  return null;
}

/** Central's refusal of an upload as the editor words it. */
export function imageProblemOf(code: string): ImageProblem {
  if (code === 'unsupported_image') return 'type';
  if (code === 'image_too_large') return 'tooLarge';
  if (code === 'media_budget_exceeded') return 'budget';
  return 'failed';
}
