import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/index.server";
import { parseQueueFilters } from "~/modules/review";
import { exportQueueCsv } from "~/modules/review/index.server";
import { getLocale } from "~/shared/i18n.server";

/**
 * /admin/applications/export.csv?<queue filters>: every application the filters match, streamed as
 * CSV (UTF-8 with BOM). Unreadable filter values are dropped exactly as the queue page drops them.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const { filters } = parseQueueFilters(new URL(request.url).searchParams);
  const now = new Date();
  const locale = await getLocale(request);
  const body = await exportQueueCsv({ ...filters, cursor: null }, auth.user, { locale, now });
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(now).replace(/-/g, "");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="applications-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
