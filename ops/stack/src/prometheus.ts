import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse, stringify } from 'yaml';
import { findBin, opsDir } from './paths.js';
import { ManagedProcess, httpOk, waitFor, type MetricsTarget } from './process.js';

/** ops/prometheus: central's config, alert rules and their promtool tests. */
export const prometheusDir = join(opsDir, 'prometheus');
/** Where docker-compose.central.yml mounts ops/prometheus/rules (the rule_files of prometheus.yml point there). */
const composeConfigDir = '/etc/prometheus';

export interface PrometheusOptions {
  /** What to scrape: the stack's metricsTargets (startCentral, startStoreBox). */
  targets: MetricsTarget[];
  /** Config, TSDB and log live here (the caller owns it). */
  baseDir: string;
  port: number;
  /** Scrape and rule evaluation period: short, so a test or the demo sees a change within seconds. */
  interval?: string;
  /** Alertmanagers (host:port) to send alerts to; none: alerts stay in Prometheus. */
  alertmanagers?: string[];
  /** Rule files instead of ops/prometheus's (a test's copy with shorter `for:`); the shipped ones by default. */
  ruleFiles?: string[];
}

export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusServer {
  url: string;
  configFile: string;
  proc: ManagedProcess;
  /** An instant query through the HTTP API: each series' labels and value (empty when nothing matches). */
  query(expr: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

/**
 * ops/prometheus/prometheus.yml with the given targets instead of compose's service names: the same global
 * settings and the same rule files (by their path in the repository), scraped every `interval`.
 */
export function renderPrometheusConfig(targets: MetricsTarget[], interval = '5s', opts: { alertmanagers?: string[]; ruleFiles?: string[] } = {}): string {
  const config = parse(readFileSync(join(prometheusDir, 'prometheus.yml'), 'utf8')) as { global?: Record<string, unknown>; rule_files?: string[]; alerting?: Record<string, unknown> };
  const jobs = [...new Set(targets.map((t) => t.job))];
  const rendered = {
    ...config,
    global: { ...config.global, scrape_interval: interval, evaluation_interval: interval },
    rule_files: opts.ruleFiles ?? (config.rule_files ?? []).map((f) => join(prometheusDir, posix.relative(composeConfigDir, f))),
    // The same alert relabelling (runbook links); compose's Alertmanager address replaced by the given ones.
    alerting: { ...config.alerting, alertmanagers: opts.alertmanagers?.length ? [{ static_configs: [{ targets: opts.alertmanagers }] }] : [] },
    scrape_configs: jobs.map((job) => ({
      job_name: job,
      static_configs: targets.filter((t) => t.job === job).map((t) => {
        const url = new URL(t.url);
        // Target labels: `instance` names the replica or store service instead of host:port (random in tests).
        return { targets: [url.host], labels: { instance: t.instance, __metrics_path__: url.pathname, __scheme__: url.protocol.replace(':', '') } };
      }),
    })),
  };
  return stringify(rendered);
}

/** Starts Debian's prometheus (ops/install-deps.sh) on 127.0.0.1:port with the rendered config; resolves once ready. */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  mkdirSync(opts.baseDir, { recursive: true });
  const configFile = join(opts.baseDir, 'prometheus.yml');
  writeFileSync(configFile, renderPrometheusConfig(opts.targets, opts.interval, { alertmanagers: opts.alertmanagers, ruleFiles: opts.ruleFiles }));
  const url = `http://127.0.0.1:${opts.port}`;
  const proc = new ManagedProcess('prometheus', findBin('prometheus'), [
    `--config.file=${configFile}`, `--storage.tsdb.path=${join(opts.baseDir, 'data')}`, `--web.listen-address=127.0.0.1:${opts.port}`,
  ], { logFile: join(opts.baseDir, 'prometheus.log'), env: { PATH: process.env.PATH ?? '' } }).start();
  await waitFor('prometheus', () => httpOk(`${url}/-/ready`), 30_000, proc);
  return {
    url, configFile, proc,
    query: (expr) => instantQuery(url, expr),
    stop: () => proc.stop(),
  };
}

async function instantQuery(url: string, expr: string): Promise<PromSample[]> {
  const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`prometheus query ${expr}: ${body.error ?? res.status}`);
  if (body.data.resultType !== 'vector') throw new Error(`prometheus query ${expr}: a ${body.data.resultType}, not an instant vector`);
  return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** PromQL words that look like metric names: operators, modifiers, grouping and the special numbers. */
const promqlWords = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads, found simply: what is left once strings, label matchers, ranges
 * and grouping label lists are removed, minus function calls and keywords. Enough to hold dashboards and
 * rules to the names services expose; not a parser (no label names outside the removed parts are expected).
 */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ');
  const names = new Set<string>();
  // Not inside a number (1e3), a variable ($store) or a longer name; not a function call.
  for (const m of bare.matchAll(/(?<![\w.$:])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()/g)) {
    if (!promqlWords.has(m[0].toLowerCase())) names.add(m[0]);
  }
  return [...names];
}

/** Every metric name a /metrics body declares or samples (histograms' _bucket/_sum/_count included). */
export function exposedMetricNames(body: string): Set<string> {
  const names = new Set<string>();
  for (const line of body.split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][\w:]*) (\w+)/.exec(line);
    if (type) {
      names.add(type[1]!);
      const parts = type[2] === 'histogram' ? ['_bucket', '_sum', '_count'] : type[2] === 'summary' ? ['_sum', '_count'] : [];
      for (const p of parts) names.add(type[1]! + p);
      continue;
    }
    const sample = /^[a-zA-Z_:][\w:]*/.exec(line);
    if (sample) names.add(sample[0]);
  }
  return names;
}
