import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/index.server";
import { openTransferFile } from "~/modules/payments/index.server";

/**
 * /admin/payments/:id/transfer.csv: the bank transfer file of a released batch, streamed (a page of
 * payments at a time). Supervisors only; each download is audited. Format: docs/payment-files.md.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "supervisor", { asNotFound: true });
  const id = Number(params.id);
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? "")) throw new Response("Not found", { status: 404 });
  const file = await openTransferFile({ batchId: id, staff: auth.user });
  if (!file.ok) {
    if (file.reason === "not_released") {
      return new Response(
        "This batch has not been released: a second supervisor must release it first.\n이 배치는 아직 지급 실행되지 않았습니다.\n",
        {
          status: 409,
          headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
        },
      );
    }
    throw new Response("Not found", { status: 404 });
  }
  return new Response(file.stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
