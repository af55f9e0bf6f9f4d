import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/guards.server";
import { parseQueueFilters } from "~/modules/review/queue";
import { getLocale } from "~/shared/i18n.server";
import { exportQueueCsv } from "~/modules/review/queue-export.server";

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
