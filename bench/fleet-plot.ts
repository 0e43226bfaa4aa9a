/**
 * The fleet drain curve as an SVG (no plotting library: a few polylines): orders committed in central Postgres
 * against seconds since every link came back, one line per central-ingest replica count, with the target.
 */

export interface PlotSeries { label: string; points: { seconds: number; value: number }[] }

const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Tick step for a range: 1, 2 or 5 times a power of ten, about five ticks. */
function step(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

export function drainPlotSvg(opts: { title: string; series: PlotSeries[]; total: number; targetSeconds: number }): string {
  const [w, h, left, right, top, bottom] = [760, 420, 80, 20, 40, 50];
  const maxX = Math.max(opts.targetSeconds, ...opts.series.flatMap((s) => s.points.map((p) => p.seconds))) * 1.05;
  const maxY = opts.total * 1.05;
  const x = (s: number) => left + (s / maxX) * (w - left - right);
  const y = (v: number) => h - bottom - (v / maxY) * (h - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="22" text-anchor="middle" font-size="14">${esc(opts.title)}</text>`,
  ];
  for (let s = 0; s <= maxX; s += step(maxX)) {
    out.push(`<line x1="${x(s)}" y1="${top}" x2="${x(s)}" y2="${h - bottom}" stroke="#eee"/>`, `<text x="${x(s)}" y="${h - bottom + 16}" text-anchor="middle">${s}</text>`);
  }
  for (let v = 0; v <= maxY; v += step(maxY)) {
    out.push(`<line x1="${left}" y1="${y(v)}" x2="${w - right}" y2="${y(v)}" stroke="#eee"/>`, `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toLocaleString('en-US')}</text>`);
  }
  out.push(
    `<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="black"/>`,
    `<text x="${(left + w - right) / 2}" y="${h - 12}" text-anchor="middle">seconds after every link came back</text>`,
    `<text transform="translate(16 ${(top + h - bottom) / 2}) rotate(-90)" text-anchor="middle">orders committed in central Postgres</text>`,
    `<line x1="${x(opts.targetSeconds)}" y1="${top}" x2="${x(opts.targetSeconds)}" y2="${h - bottom}" stroke="#888" stroke-dasharray="6 4"/>`,
    `<text x="${x(opts.targetSeconds) - 4}" y="${top + 12}" text-anchor="end" fill="#555">target ${opts.targetSeconds} s</text>`,
  );
  opts.series.forEach((s, i) => {
    const c = colours[i % colours.length]!;
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${s.points.map((p) => `${x(p.seconds).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`);
    out.push(`<line x1="${left + 16}" y1="${top + 14 + i * 18}" x2="${left + 40}" y2="${top + 14 + i * 18}" stroke="${c}" stroke-width="2"/>`);
    out.push(`<text x="${left + 46}" y="${top + 18 + i * 18}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
