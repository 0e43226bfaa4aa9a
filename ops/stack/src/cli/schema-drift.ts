/**
 * `make lint`'s schema check: fails, naming the service, when a service's Drizzle schema and its committed
 * migrations disagree (drizzle-kit generate would write a migration). Runs drizzle-kit against scratch copies of
 * the migrations, two services at a time; the working tree is left as it is.
 */
import { drizzleConfigs, schemaDrift, type DriftReport } from '../schema-drift.js';

const configs = drizzleConfigs();
const reports: DriftReport[] = [];
const queue = [...configs];
await Promise.all([0, 1].map(async () => {
  for (let config = queue.shift(); config; config = queue.shift()) reports.push(await schemaDrift(config));
}));
const drifted = reports.filter((r) => r.wouldWrite.length > 0 || r.problem !== undefined);
for (const r of drifted.sort((a, b) => a.service.localeCompare(b.service))) {
  const what = r.wouldWrite.length > 0 ? `would write ${r.wouldWrite.join(', ')}` : 'drizzle-kit did not finish';
  process.stderr.write(`schema drift in services/${r.service} (${r.configName}): the schema and the committed migrations disagree (${what}).\n`
    + `  Run \`npx drizzle-kit generate --config ${r.configName}\` in services/${r.service} and commit the migration.${r.problem ? `\n  ${r.problem.replace(/\n/g, '\n  ')}` : ''}\n`);
}
if (drifted.length > 0) process.exit(1);
process.stdout.write(`schema and migrations agree in ${reports.map((r) => `${r.service}/${r.configName}`).sort().join(', ')}\n`);
