/**
 * @kiosk/box: the store box's services in one process, for a small box (monolithic mode). The same services as
 * one process each (microservices mode, one container each in Compose), started side by side in one Node
 * process: one runtime, one heap, one set of loaded packages instead of five. Each keeps its own HTTP port,
 * database role, NATS user and configuration; nothing else changes, so the gateway and the tests see the same
 * box either way.
 *
 * Configuration: `BOX_SERVICES` lists the services to run (default all five). Each service reads its usual
 * variables from the environment, where `<SERVICE>__<NAME>` (e.g. `ORDER__HTTP_PORT`) overrides `<NAME>` for that
 * service alone: what the services share is set once, what differs (port, database role, NATS user) per service.
 */
import type { z } from 'zod';
import { loadConfig } from '@kiosk/kit';
import { catalogConfig, startCatalogService } from '@kiosk/catalog';
import { kitchenConfig, startKitchenService } from '@kiosk/kitchen';
import { orderConfig, startOrderService } from '@kiosk/order';
import { startSyncService, syncConfig } from '@kiosk/sync';
import { startUplinkService, uplinkConfig } from '@kiosk/uplink';

interface Runnable<S extends z.ZodType> {
  schema: S;
  start(config: Readonly<z.infer<S>>): Promise<{ close(): Promise<void> }>;
}
const runnable = <S extends z.ZodType>(schema: S, start: Runnable<S>['start']): Runnable<S> => ({ schema, start });

/** The store services, in the order they start (each waits for what it needs anyway). */
export const boxServices = {
  catalog: runnable(catalogConfig, startCatalogService),
  order: runnable(orderConfig, startOrderService),
  kitchen: runnable(kitchenConfig, startKitchenService),
  sync: runnable(syncConfig, startSyncService),
  uplink: runnable(uplinkConfig, startUplinkService),
} as const;
export type BoxService = keyof typeof boxServices;

/** `BOX_SERVICES` as a list of known services (every one when unset); an unknown name is a configuration error. */
export function servicesToRun(list: string | undefined): BoxService[] {
  const names = (list ?? Object.keys(boxServices).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in boxServices));
  if (unknown.length > 0) throw new Error(`BOX_SERVICES: unknown service ${unknown.join(', ')} (known: ${Object.keys(boxServices).join(', ')})`);
  if (names.length === 0) throw new Error('BOX_SERVICES: no service to run');
  return [...new Set(names)] as BoxService[];
}

/** One service's environment: the shared variables, with its own `<SERVICE>__<NAME>` ones over them. */
export function serviceEnvironment(service: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const prefix = `${service.toUpperCase()}__`;
  const own = Object.entries(env).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as const);
  return { ...env, ...Object.fromEntries(own) };
}

/**
 * Reads every service's configuration first (all errors at once, nothing started on a bad one), then starts
 * them; the answer's `stop` stops them in reverse order.
 */
export async function startBox(env: NodeJS.ProcessEnv = process.env): Promise<{ services: BoxService[]; stop(): Promise<void> }> {
  const names = servicesToRun(env.BOX_SERVICES);
  const configs = names.map((name) => {
    const { schema } = boxServices[name];
    return { name, config: loadConfig(schema, serviceEnvironment(name, env)) };
  });
  const running = await Promise.all(configs.map(({ name, config }) => (boxServices[name] as Runnable<z.ZodType>).start(config)));
  return {
    services: names,
    async stop() {
      for (const r of [...running].reverse()) await r.close();
    },
  };
}
