import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/index.server";
import { formatBusinessNumber } from "~/modules/businesses";
import { auditRefusalsDownload, importExists, refusedRows } from "~/modules/rapid/index.server";
import { csvRow, UTF8_BOM } from "~/shared/csv";

/**
 * /admin/verified-lists/:id/refused.csv — the refused rows of an import with their row number and
 * reason in both languages, streamed; every cell is formula-safe (app/shared/csv.ts).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1 || !(await importExists(id))) throw new Response("Not found", { status: 404 });
  await auditRefusalsDownload(id, { id: auth.user.id, label: auth.user.email });
  const encoder = new TextEncoder();
  const rows = refusedRows(id);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvRow(["row", "registration_number", "reason_en", "reason_ko"])));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const r = next.value;
        chunk += csvRow([r.row_number, r.registration_number ? formatBusinessNumber(r.registration_number) : "", r.reason.en, r.reason.ko]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="verified-list-${id}-refused.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
