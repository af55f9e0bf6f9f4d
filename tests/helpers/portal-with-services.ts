import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { serverDb } from "./accounts";
import { startBusinessRegister, type RunningRegister } from "./business-register";
import { startFakeBank, type RunningBank } from "./fake-bank";
import { startIdentityProvider, type RunningProvider } from "./identity-provider";
import { freePort } from "./local-service";
import { startServer, type RunningServer } from "./server";

export interface PortalWithServices {
  server: RunningServer;
  provider: RunningProvider;
  register: RunningRegister;
  /** Only when asked for: without it the portal's payee checks find no bank ("unavailable"). */
  bank: RunningBank | null;
  /** The server's own database, for arranging and asserting. */
  db: Kysely<Database>;
  stop: () => Promise<void>;
}

/**
 * The built portal with the local outside parties it talks to as real processes: the identity
 * provider (whose client redirects back to this portal's origin), the business register and, when
 * `bank` is set, the local bank.
 */
export async function startPortalWithServices({ bank: withBank = false } = {}): Promise<PortalWithServices> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const [register, provider, bank] = await Promise.all([
    startBusinessRegister(),
    startIdentityProvider({ redirectUri: `${origin}/account/identity/callback` }),
    withBank ? startFakeBank() : Promise.resolve(null),
  ]);
  const server = await startServer({
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    ...provider.portalEnv,
    ...register.portalEnv,
    ...(bank?.portalEnv ?? {}),
  });
  const db = serverDb(server);
  return {
    server,
    provider,
    register,
    bank,
    db,
    stop: async () => {
      await db.destroy();
      await server.stop();
      await Promise.all([provider.stop(), register.stop(), bank?.stop()]);
    },
  };
}
