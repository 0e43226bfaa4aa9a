import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { repoRoot } from './paths.js';

/**
 * A service as it runs in production: its entry bundled with the workspace packages it uses (@kiosk/*, which
 * ship TypeScript) into `services/<name>/dist/main.mjs`, run by plain `node`. Compared with `node --import tsx`,
 * this drops the loader's extra thread and on-the-fly compiling: about 36 MiB less resident memory per process
 * on the store box. The store box's services (`selfContained`) carry their third-party packages too: a box
 * starts all of them at once after a power cut on a small CPU, and one file loads in less than half the time of
 * the hundreds it replaces in node_modules (0.3-0.8 s against 1.6-2.2 s for the order service's packages,
 * measured on the shared 2-core machine). Central's services keep their third-party packages external.
 * The bundle sits one folder below the service root like src/, so `new URL('../drizzle', import.meta.url)`
 * finds the migrations either way.
 */
export function serviceBundle(name: string): string {
  return join(repoRoot, 'services', name, 'dist', 'main.mjs');
}

/** The store box's services: bundled with their third-party packages (see above). `box` is all five in one process. */
export const selfContained = ['catalog', 'order', 'kitchen', 'sync', 'uplink', 'box'];

/** The services a bundle includes: itself, and for the one-process box the five it runs. */
const bundledServices = (name: string) => (name === 'box' ? ['box', 'catalog', 'order', 'kitchen', 'sync', 'uplink'] : [name]);

/**
 * In the one-process bundle (services/box/dist/main.mjs) every service's `new URL('../drizzle', import.meta.url)`
 * would name services/box/drizzle: point each at its own service's folder instead (same layout in the image).
 */
const ownFolders: Plugin = {
  name: 'own-folders',
  setup(b) {
    b.onLoad({ filter: /[\\/]services[\\/][a-z-]+[\\/]src[\\/].*\.ts$/ }, (args) => {
      const service = /[\\/]services[\\/]([a-z-]+)[\\/]src[\\/]/.exec(args.path)![1]!;
      const source = readFileSync(args.path, 'utf8');
      return { contents: source.replace(/new URL\('\.\.\/(drizzle[a-z-]*)', import\.meta\.url\)/g, `new URL('../../${service}/$1', import.meta.url)`), loader: 'ts' };
    });
  },
};

const workspaceOnly: Plugin = {
  name: 'workspace-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@kiosk/') ? undefined : { path: args.path, external: true }));
  },
};

const building = new Map<string, Promise<string>>();

/**
 * Bundles a service (entry `src/main.ts`) unless its bundle is newer than every source it could include. Boxes
 * started side by side share one build, and the files are renamed into place, so a process starting meanwhile
 * (this one's or another test run's) never reads half a bundle.
 */
export function bundleService(name: string): Promise<string> {
  const out = serviceBundle(name);
  const whole = selfContained.includes(name);
  // Every service's table descriptions too: a service's adapters may read another's tables through its published
  // schema (`@kiosk/<service>/schema`), so a change there rebuilds this bundle.
  const schemas = readdirSync(join(repoRoot, 'services')).map((n) => join(repoRoot, 'services', n, 'src/adapters/db')).filter((d) => existsSync(d));
  const sources = [...bundledServices(name).map((n) => join(repoRoot, 'services', n, 'src')), join(repoRoot, 'services/kit/src'), join(repoRoot, 'proto/src'), ...schemas];
  // A self-contained bundle is stale too when the installed packages changed (npm install rewrites the lock file).
  if (fresh(out, sources, whole ? [join(repoRoot, 'package-lock.json')] : [])) return Promise.resolve(out);
  let job = building.get(out);
  if (!job) {
    job = build({
      entryPoints: [join(repoRoot, 'services', name, 'src/main.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm',
      target: 'node20', sourcemap: 'linked', logLevel: 'warning', write: false,
      // CommonJS packages inside an ES module bundle still call require() (node's built-ins, optional peers).
      ...(whole
        ? { external: ['pg-native'], banner: { js: "import { createRequire as __kioskRequire } from 'node:module'; const require = __kioskRequire(import.meta.url);" },
          ...(name === 'box' ? { plugins: [ownFolders] } : {}) }
        : { plugins: [workspaceOnly] }),
    }).then((result) => {
      mkdirSync(dirname(out), { recursive: true });
      for (const f of result.outputFiles) {
        const tmp = `${f.path}.${process.pid}.tmp`;
        writeFileSync(tmp, f.contents);
        renameSync(tmp, f.path);
      }
      return out;
    }).finally(() => building.delete(out));
    building.set(out, job);
  }
  return job;
}

function fresh(out: string, sourceDirs: string[], files: string[] = []): boolean {
  let built: number;
  try {
    built = statSync(out).mtimeMs;
  } catch {
    return false;
  }
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
  return sourceDirs.every((d) => newest(d) < built) && files.every((f) => statSync(f).mtimeMs < built);
}

/** Entry points of the images beside each service's main: the demo menu seed and central's first owner. */
const imageEntries: Record<string, string[]> = { catalog: ['cli/seed.ts'], 'central-admin': ['cli/create-user.ts'] };
/** What a service reads next to its bundle at run time (migrations, menu images). */
const imageAssets = ['drizzle', 'drizzle-staff', 'media'];

/**
 * The Node services as the images ship them (ops/docker/service.Dockerfile), the one-process box among them:
 * each entry bundled with every package it imports, so the image needs no node_modules, into
 * `<out>/services/<name>/dist/`, the folders it reads beside it copied, central's backup agent into
 * `<out>/backup-agent.mjs` and the hub-streams job beside central-ingest. Optional native addons
 * (pg-native, ws's accelerators) stay external: their packages fall back when they are missing.
 */
export async function bundleForImage(names: string[], out: string): Promise<void> {
  const external = ['pg-native', 'bufferutil', 'utf-8-validate'];
  // Bundled CommonJS packages call require(): give the ES module one.
  const banner = { js: "import { createRequire as __kioskRequire } from 'node:module'; const require = __kioskRequire(import.meta.url);" };
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', external, banner } as const;
  for (const name of names) {
    const root = join(repoRoot, 'services', name);
    const entryPoints = ['main.ts', ...(imageEntries[name] ?? [])].map((e) => join(root, 'src', e));
    await build({
      ...common, entryPoints, outdir: join(out, 'services', name, 'dist'), entryNames: '[name]', outExtension: { '.js': '.mjs' },
      ...(name === 'box' ? { plugins: [ownFolders] } : {}),
    });
    for (const asset of imageAssets) {
      if (existsSync(join(root, asset))) cpSync(join(root, asset), join(out, 'services', name, asset), { recursive: true });
    }
  }
  await build({ ...common, entryPoints: [join(repoRoot, 'ops/stack/src/cli/backup-agent.ts')], outfile: join(out, 'backup-agent.mjs') });
  // The hub-streams job of docker-compose.central.yml: central's streams for its stores, before central-ingest.
  if (names.includes('central-ingest')) {
    await build({ ...common, entryPoints: [join(repoRoot, 'ops/stack/src/cli/hub-streams.ts')], outfile: join(out, 'services/central-ingest/dist/hub-streams.mjs') });
  }
}
