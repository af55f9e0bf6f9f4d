import { getStatistics, SUPPRESS_BELOW } from "~/modules/statistics/index.server";

/** /statistics.json: the public statistics as open data (suppressed cells are null). */
export async function loader() {
  const body = { suppressedBelow: SUPPRESS_BELOW, generatedAt: new Date().toISOString(), programmes: await getStatistics() };
  return new Response(JSON.stringify(body), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" },
  });
}
