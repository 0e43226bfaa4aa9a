import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { notFound, parse } from '@kiosk/kit';
import { maxMediaBytes, mediaTypes, parseMediaFileName } from '@kiosk/contracts';
import { imageTooLarge, unsupportedImage, uploadedImageType } from '../domain/media.js';
import type { MediaService } from '../app/media.js';
import type { Api } from './api.js';

const imageTypes = Object.keys(mediaTypes);
const fileParam = z.object({ file: z.string().max(80) });
const storedImage = z.object({ url: z.string(), sha256: z.string(), contentType: z.enum(imageTypes as [string, ...string[]]), size: z.number().int() });

/** A year, immutable (a name is the hash of its bytes, so what it names never changes); private: behind sign-in. */
const immutableCache = 'private, max-age=31536000, immutable';

/**
 * Reads the raw body, up to one byte past the cap (so a too-large image is told apart without being read whole).
 * Runs after the guard: an anonymous caller is refused before any of its bytes are read.
 */
async function rawBody(req: Request, res: Response, limit: number): Promise<Buffer> {
  // A JSON body was already parsed by the app's JSON parser: it is not an image.
  if (req.is('application/json')) throw unsupportedImage();
  await new Promise<void>((resolve, reject) => {
    express.raw({ type: () => true, limit })(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  }).catch((err: unknown) => {
    if ((err as { type?: string }).type === 'entity.too.large') throw imageTooLarge();
    throw err;
  });
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** Menu images: upload (owner and menu, like every catalog write) and the bytes back for the admin's preview. */
export function mediaRoutes(api: Api, images: MediaService): void {
  api.route({
    method: 'post', path: '/api/admin/media', access: 'catalogWrite', tag: 'catalog', status: 201, response: storedImage, consumes: imageTypes,
    summary: 'Upload a menu image (the file as the body, PNG, JPEG or WebP by its bytes); answers its URL, /media/u/<sha256>.<ext>, for a product or category. The same bytes again answer 200 with the same URL.',
    errors: { 413: 'image_too_large or media_budget_exceeded', 415: 'unsupported_image (SVG, HTML, anything not PNG, JPEG or WebP)' },
  }, async (req, res, caller) => {
    const bytes = await rawBody(req, res, maxMediaBytes);
    const type = uploadedImageType(bytes);
    const { created, ...image } = await images.save(bytes, type, caller.actor);
    res.status(created ? 201 : 200).json(image);
  });
  api.route({
    method: 'get', path: '/media/u/:file', access: 'signedIn', tag: 'catalog', params: fileParam, produces: imageTypes,
    summary: 'An uploaded image, as the stores serve it (cached for good: the name is the hash of the bytes)',
    errors: { 404: 'not_found' },
  }, async (req, res) => {
    const { file } = parse(fileParam, req.params);
    const name = parseMediaFileName(file);
    const found = name && await images.find(name.sha256);
    if (!name || !found || found.contentType !== name.type) throw notFound('image', file);
    res.set({ 'Content-Type': found.contentType, 'Cache-Control': immutableCache, 'X-Content-Type-Options': 'nosniff' }).send(found.bytes);
  });
}
