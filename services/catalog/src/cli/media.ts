/**
 * Writes the demo menu's pictures: one small flat SVG per product and category under services/catalog/media
 * (the gateway serves it at /media/). A vessel silhouette in the category's colour plus the name, in shapes
 * and text only (no emoji fonts, no external assets), so every kiosk renders them the same.
 *
 *   node --import tsx services/catalog/src/cli/media.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoCategories, demoProducts, type Vessel } from './demo-menu.js';

const mediaDir = fileURLToPath(new URL('../../media', import.meta.url));

/** Food in each vessel: a few flat shapes in warm tones over the category colour. */
const vessels: Record<Vessel, (c: string) => string> = {
  bowl: (c) =>
    `<ellipse cx="200" cy="128" rx="112" ry="26" fill="#f6d98b"/><circle cx="165" cy="118" r="16" fill="#fff"/><circle cx="165" cy="118" r="7" fill="#f2b41c"/>` +
    `<path d="M200 108l30 8-26 10z" fill="#6aa84f"/><path d="M88 132h224c0 60-50 92-112 92S88 192 88 132z" fill="${c}"/>` +
    `<rect x="160" y="222" width="80" height="12" rx="6" fill="${c}"/>`,
  plate: (c) =>
    `<ellipse cx="200" cy="170" rx="135" ry="48" fill="${c}"/><ellipse cx="200" cy="164" rx="110" ry="36" fill="#fff7ec"/>` +
    `<path d="M150 160c10-34 70-40 92-10 10 16-8 30-40 30s-58-4-52-20z" fill="#b5652b"/><circle cx="265" cy="160" r="14" fill="#6aa84f"/><circle cx="138" cy="168" r="9" fill="#e0452b"/>`,
  skewers: (c) =>
    `<ellipse cx="200" cy="180" rx="135" ry="42" fill="${c}"/><ellipse cx="200" cy="174" rx="112" ry="30" fill="#fff7ec"/>` +
    [0, 1, 2].map((i) => `<g transform="translate(0 ${i * 16})"><rect x="105" y="140" width="190" height="4" fill="#c9a26b"/>` +
      [130, 165, 200, 235].map((x) => `<rect x="${x}" y="132" width="26" height="20" rx="6" fill="#8a3b1c"/>`).join('') + '</g>').join(''),
  basket: (c) =>
    `<circle cx="160" cy="120" r="26" fill="#e9b949"/><circle cx="205" cy="112" r="28" fill="#d99a2b"/><circle cx="245" cy="124" r="24" fill="#e9b949"/>` +
    `<path d="M95 130h210l-24 90H119z" fill="${c}"/><path d="M110 160h180M116 188h168" stroke="#fff" stroke-opacity=".5" stroke-width="6"/>`,
  glass: (c) =>
    `<path d="M150 56h100l-14 170h-72z" fill="#e8f4fb" stroke="${c}" stroke-width="6"/><path d="M157 110h86l-9 112h-68z" fill="${c}"/>` +
    `<rect x="176" y="130" width="18" height="18" rx="3" fill="#fff" opacity=".7"/><rect x="204" y="150" width="18" height="18" rx="3" fill="#fff" opacity=".7"/>` +
    `<path d="M228 30l-14 110" stroke="#e0452b" stroke-width="8" stroke-linecap="round"/>`,
  cup: (c) =>
    `<circle cx="200" cy="96" r="44" fill="#f4a6c6"/><circle cx="176" cy="84" r="10" fill="#6aa84f"/><circle cx="222" cy="98" r="12" fill="#8b5a2b"/>` +
    `<path d="M120 112h160l-30 92h-100z" fill="${c}"/><rect x="176" y="204" width="48" height="24" fill="${c}"/><rect x="150" y="226" width="100" height="10" rx="5" fill="${c}"/>`,
};

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function picture(name: string, colour: string, vessel: Vessel): string {
  const size = name.length > 20 ? 22 : 26;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img" aria-label="${escapeXml(name)}">` +
    `<rect width="400" height="300" rx="24" fill="${colour}" fill-opacity=".16"/>${vessels[vessel](colour)}` +
    `<text x="200" y="276" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="${size}" font-weight="700" fill="#3b2a1a">${escapeXml(name)}</text></svg>\n`;
}

function main() {
  const byId = new Map(demoCategories.map((c) => [c.id, c]));
  mkdirSync(`${mediaDir}/products`, { recursive: true });
  mkdirSync(`${mediaDir}/categories`, { recursive: true });
  for (const c of demoCategories) writeFileSync(`${mediaDir}/categories/${c.id}.svg`, picture(c.name, c.colour, c.vessel));
  for (const p of demoProducts) {
    const c = byId.get(p.categoryId)!;
    writeFileSync(`${mediaDir}/products/${p.id}.svg`, picture(p.name, c.colour, c.vessel));
  }
  console.log(`wrote ${demoCategories.length} category and ${demoProducts.length} product pictures to ${mediaDir}`);
}

main();
