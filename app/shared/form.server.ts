import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";

/** Far more than any of our forms needs; a 10 MB "password" is refused before it is read in full. */
export const MAX_FORM_BYTES = 64 * 1024;

export type FormRead = { ok: true; data: Record<string, string> } | { ok: false; tooLarge: true };

/**
 * Reads an URL-encoded form body without trusting its size: Content-Length is checked first, then
 * the stream is counted as it arrives and abandoned past the limit. Only the first value of each name
 * is kept, and files are not accepted here.
 */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormRead> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return { ok: false, tooLarge: true };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, tooLarge: true };
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks).toString("utf8");
  const type = request.headers.get("content-type") ?? "";
  const data: Record<string, string> = {};
  if (type.startsWith("multipart/form-data")) {
    const form = await new Request("http://form.invalid", { method: "POST", headers: { "content-type": type }, body }).formData();
    for (const [k, v] of form) if (typeof v === "string" && !(k in data)) data[k] = v;
  } else {
    for (const [k, v] of new URLSearchParams(body)) if (!(k in data)) data[k] = v;
  }
  return { ok: true, data };
}

/** Field → translation key of its first problem, from a zod error whose messages are translation keys. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

/** Marks this request's page as answering with errors (title "Error: …" on a no-JavaScript post). */
export function markFormError(context: AppLoadContext): void {
  context.formError = true;
}
