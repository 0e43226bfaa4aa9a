import { describe, expect, it } from 'vitest';
import { acceptedImageTypes, imageFileProblem, imageProblemOf, maxMediaBytes } from './image-upload.ts';

describe('image upload in the menu editor', () => {
  it('offers PNG, JPEG and WebP and stops an SVG or an oversized file before sending it', () => {
    expect(acceptedImageTypes).toBe('image/png,image/jpeg,image/webp');
    expect(imageFileProblem({ size: 1000, type: 'image/webp' })).toBeNull();
    expect(imageFileProblem({ size: 1000, type: '' })).toBeNull();
    expect(imageFileProblem({ size: 1000, type: 'image/svg+xml' })).toBe('type');
    expect(imageFileProblem({ size: maxMediaBytes + 1, type: 'image/jpeg' })).toBe('tooLarge');
  });

  it("words central's refusals by their code", () => {
    expect(imageProblemOf('unsupported_image')).toBe('type');
    expect(imageProblemOf('image_too_large')).toBe('tooLarge');
    expect(imageProblemOf('media_budget_exceeded')).toBe('budget');
    expect(imageProblemOf('network')).toBe('failed');
  });
});
