import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { getDocumentForDownload } from "~/services/applications.server";

const ParamsSchema = z.object({ ref: z.string().max(32), id: z.coerce.number().int().positive() });

/**
 * Downloads one document: its owner or staff only (staff reads are audited), always as an
 * attachment, sandboxed, with nosniff (set for every response by the server), so an uploaded file
 * can never run as a page of this site.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const auth = requireUser({ request, context });
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const doc = await getDocumentForDownload({ key: parsed.data.ref, documentId: parsed.data.id, requester: auth.user });
  if (!doc) throw new Response("Not found", { status: 404 });
  const ascii = doc.display_name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(doc.content), {
    headers: {
      "Content-Type": doc.media_type,
      "Content-Length": String(doc.size_bytes),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.display_name)}`,
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
