import type { LoaderFunctionArgs } from "@remix-run/node";
import { StaffDocumentParamsSchema } from "~/modules/review";
import { documentResponse } from "~/modules/applications/index.server";
import { requireStaff } from "~/modules/accounts/index.server";
import { getDocumentForStaffView } from "~/modules/review/index.server";

/**
 * Opens one document of an application in the caseworker's browser (PDF viewer or image), audited
 * as a view. Inline, but sandboxed without scripts and never sniffed, so an uploaded file cannot act
 * as a page of this site. Staff only; anyone else gets 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireStaff({ request, context }, "caseworker", { asNotFound: true });
  const parsed = StaffDocumentParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const doc = await getDocumentForStaffView({ ref: parsed.data.ref, documentId: parsed.data.id, staff: auth.user });
  if (!doc) throw new Response("Not found", { status: 404 });
  return documentResponse(doc, "inline");
}
