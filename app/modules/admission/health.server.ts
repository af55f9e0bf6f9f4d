import { getDb } from "../../../db/client";

/** Proves the database answers a real query, for load balancers and uptime checks. */
export async function checkHealth(): Promise<{ status: "ok"; database: "ok"; programmes: number; latencyMs: number }> {
  const started = performance.now();
  const { count } = await getDb()
    .selectFrom("programmes")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return { status: "ok", database: "ok", programmes: Number(count), latencyMs: Math.round(performance.now() - started) };
}
