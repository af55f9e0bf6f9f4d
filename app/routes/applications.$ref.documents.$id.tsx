import type { LoaderFunctionArgs } from "@remix-run/node";
import { DocumentParamsSchema } from "~/modules/applications";
import { documentResponse, getDocument } from "~/modules/applications/index.server";
import { requireUser } from "~/modules/accounts/index.server";

/**
 * Downloads one document: its owner or staff only (staff reads are audited), always as an
 * attachment, sandboxed, with nosniff (set for every response by the server), so an uploaded file
 * can never run as a page of this site.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireUser({ request, context });
  const parsed = DocumentParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const doc = await getDocument({ key: parsed.data.ref, documentId: parsed.data.id, requester: auth.user });
  if (!doc) throw new Response("Not found", { status: 404 });
  return documentResponse(doc, "attachment");
}
