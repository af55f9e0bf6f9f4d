import { getStatistics, statisticsCsv } from "~/modules/statistics/index.server";

/** /statistics.csv: the public statistics as open data (UTF-8 with BOM; suppressed cells empty). */
export async function loader() {
  return new Response(statisticsCsv(await getStatistics()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="statistics.csv"',
      "Cache-Control": "public, max-age=60",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
