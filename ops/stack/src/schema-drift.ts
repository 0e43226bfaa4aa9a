import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.js';

const run = promisify(execFile);

/** What drizzle-kit would do for one drizzle config: nothing (in step), or write the migration files named. */
export interface DriftReport {
  service: string;
  /** The config file's name in the service's folder. */
  configName: string;
  config: string;
  /** Migration files drizzle-kit would add; empty when the schema and the committed migrations agree. */
  wouldWrite: string[];
  /** drizzle-kit's own words when it failed or asked a question (a possible rename) instead of answering. */
  problem?: string;
}

/** Every drizzle config of the services: `services/<name>/drizzle*.config*.ts` (kitchen also migrates the staff schema). */
export function drizzleConfigs(root = repoRoot): string[] {
  const services = join(root, 'services');
  return readdirSync(services).sort().flatMap((name) => {
    const dir = join(services, name);
    return existsSync(dir) ? readdirSync(dir).filter((f) => /^drizzle[\w-]*\.config[\w.-]*\.ts$/.test(f)).map((f) => join(dir, f)) : [];
  });
}

/**
 * Runs `drizzle-kit generate` for one config with its `out` folder pointed at a scratch copy of the committed
 * migrations: the working tree is never written. The schema is the source of truth (docs/decisions/0011), so
 * any file drizzle-kit would add means the committed migrations no longer describe it.
 */
export async function schemaDrift(config: string, opts: { timeoutMs?: number } = {}): Promise<DriftReport> {
  const serviceDir = dirname(config);
  const service = basename(serviceDir);
  const scratch = mkdtempSync(join(tmpdir(), `schema-drift-${service}-`));
  try {
    const { default: base } = await import(config) as { default: { out?: string } };
    const committed = join(serviceDir, base.out ?? 'drizzle');
    const out = join(scratch, 'migrations');
    if (existsSync(committed)) cpSync(committed, out, { recursive: true });
    const before = new Set(listFiles(out));
    const scratchConfig = join(scratch, 'drizzle.config.ts');
    // drizzle-kit reads `out` relative to the folder it runs in (it prefixes './' even to an absolute path).
    writeFileSync(scratchConfig, `import base from ${JSON.stringify(config)};\nexport default { ...base, out: ${JSON.stringify(relative(serviceDir, out))} };\n`);
    let output: string;
    try {
      // stdin closed: a question (is this column a rename?) ends the run instead of waiting for an answer.
      const { stdout, stderr } = await run(join(repoRoot, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', scratchConfig], {
        cwd: serviceDir, timeout: opts.timeoutMs ?? 120_000, env: { ...process.env, FORCE_COLOR: '0' },
      });
      output = `${stdout}${stderr}`;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      output = `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`;
    }
    const wouldWrite = listFiles(out).filter((f) => !before.has(f) && f.endsWith('.sql'));
    // drizzle-kit exits 0 even when it failed (a missing snapshot, a schema that does not load): only its
    // "nothing to migrate" or a written migration count as an answer.
    const answered = wouldWrite.length > 0 || /No schema changes/.test(output);
    const problem = answered ? undefined : output.trim().split('\n').slice(-6).join('\n');
    return { service, configName: basename(config), config, wouldWrite, ...(problem === undefined ? {} : { problem }) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
}
