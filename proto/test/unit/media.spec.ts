import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { maxMediaBytes, mediaFileName, mediaUrl, parseMediaFileName, sniffImageType } from '../../src/index.js';

const bytes = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF');
const webp = bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8L', [13, 0, 0, 0, 0x2f, 0, 0, 0]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('uploaded images: what they may be and what they are called', () => {
  it('knows PNG, JPEG and WebP by their first bytes, whatever the upload declared', () => {
    expect(sniffImageType(png)).to.equal('image/png');
    expect(sniffImageType(jpeg)).to.equal('image/jpeg');
    expect(sniffImageType(webp)).to.equal('image/webp');
    expect(sniffImageType(bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 '))).to.equal('image/webp');
  });

  it('refuses what can carry a script or is not an image: SVG, HTML, a RIFF that is not WebP, a cut-off signature, nothing', () => {
    expect(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).to.equal(null);
    expect(sniffImageType(bytes('<?xml version="1.0"?><svg/>'))).to.equal(null);
    expect(sniffImageType(bytes('<!doctype html><html><script>alert(1)</script>'))).to.equal(null);
    expect(sniffImageType(bytes('RIFF', [26, 0, 0, 0], 'WAVEfmt '))).to.equal(null);
    expect(sniffImageType(png.slice(0, 8))).to.equal(null);
    expect(sniffImageType(bytes([0xff, 0xd8]))).to.equal(null);
    expect(sniffImageType(new Uint8Array())).to.equal(null);
    // An HTML page that merely starts like a PNG in text is not one either.
    expect(sniffImageType(bytes('PNG IHDR <script>'))).to.equal(null);
  });

  it('names an image by the SHA-256 of its bytes, so the same bytes always get the same URL', () => {
    const name = mediaFileName(sha(png), 'image/png');
    expect(name).to.equal(`${sha(png)}.png`);
    expect(mediaUrl(sha(Uint8Array.from(png)), 'image/png')).to.equal(`/media/u/${name}`);
    expect(mediaUrl(sha(jpeg), 'image/jpeg')).to.match(/^\/media\/u\/[0-9a-f]{64}\.jpg$/);
    expect(mediaUrl(sha(webp), 'image/webp')).to.match(/\.webp$/);
    expect(mediaUrl(sha(png), 'image/png')).to.not.equal(mediaUrl(sha(jpeg), 'image/png'));
    expect(() => mediaFileName('ABC', 'image/png')).to.throw(/SHA-256/);
  });

  it('reads a served name back, and nothing else (no paths, no upper case, no other extension)', () => {
    const h = sha(png);
    expect(parseMediaFileName(`${h}.png`)).to.deep.equal({ sha256: h, type: 'image/png' });
    expect(parseMediaFileName(`${h}.jpg`)).to.deep.equal({ sha256: h, type: 'image/jpeg' });
    expect(parseMediaFileName(`${h}.webp`)).to.deep.equal({ sha256: h, type: 'image/webp' });
    for (const bad of [`${h}.svg`, `${h.toUpperCase()}.png`, `${h}.png/x`, `../${h}.png`, `${h.slice(1)}.png`, `${h}`, `${h}.PNG`]) {
      expect(parseMediaFileName(bad), bad).to.equal(null);
    }
  });

  it('caps an image well under what one catalog event may carry (256 KiB per message on the catalog streams)', () => {
    expect(maxMediaBytes).to.be.at.most(256 * 1024 - 16 * 1024);
  });
});
