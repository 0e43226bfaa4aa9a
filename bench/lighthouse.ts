/**
 * Lighthouse (mobile preset: a mid-range phone on a slow 4G link, simulated) on the kiosk as the store box
 * serves it at /kiosk/: the performance score, total blocking time, cumulative layout shift and the paints,
 * as the median of several runs (one Lighthouse run varies by several points). Figures for `make bench`.
 */
import { loadavg } from 'node:os';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { median } from './lib.js';

export const lighthouseTargets = { performance: 95, totalBlockingTimeMs: 200, cumulativeLayoutShift: 0.05 };

interface Run {
  performance: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  speedIndexMs: number;
}

export async function benchLighthouse(url: string, runs = 5) {
  const before = loadavg().map((x) => Math.round(x * 10) / 10);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await oneRun(url));
  const mid = (key: keyof Run) => median(results.map((r) => r[key]));
  const figures = {
    performance: mid('performance'), totalBlockingTimeMs: mid('totalBlockingTimeMs'), cumulativeLayoutShift: mid('cumulativeLayoutShift'),
    firstContentfulPaintMs: mid('firstContentfulPaintMs'), largestContentfulPaintMs: mid('largestContentfulPaintMs'), speedIndexMs: mid('speedIndexMs'),
  };
  return {
    url, preset: 'Lighthouse default (mobile, simulated throttling)', runs: results.length, target: lighthouseTargets, median: figures, each: results,
    loadAverage: { before, after: loadavg().map((x) => Math.round(x * 10) / 10) },
    meets: {
      performance: figures.performance >= lighthouseTargets.performance,
      totalBlockingTime: figures.totalBlockingTimeMs < lighthouseTargets.totalBlockingTimeMs,
      cumulativeLayoutShift: figures.cumulativeLayoutShift < lighthouseTargets.cumulativeLayoutShift,
    },
  };
}

async function oneRun(url: string): Promise<Run> {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', onlyCategories: ['performance'], logLevel: 'error' });
    if (!result) throw new Error('lighthouse returned nothing');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
    const audit = (id: string) => Math.round((lhr.audits[id]?.numericValue ?? Number.NaN) * 1000) / 1000;
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      totalBlockingTimeMs: audit('total-blocking-time'), cumulativeLayoutShift: audit('cumulative-layout-shift'),
      firstContentfulPaintMs: audit('first-contentful-paint'), largestContentfulPaintMs: audit('largest-contentful-paint'), speedIndexMs: audit('speed-index'),
    };
  } finally {
    chrome.kill();
  }
}
