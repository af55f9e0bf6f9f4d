/**
 * A verified list's upload as it arrives: the CSV goes to a temporary file part by part (memory
 * stays flat whatever its size, up to MAX_UPLOAD_BYTES), the small text fields are read into the
 * form. Too large is an answer, not an error; the caller removes the file when it is done with it.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MaxPartSizeExceededError, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "./verified-lists.server";

export type ReceivedUpload =
  { ok: true; form: FormData; file: { path: string; name: string; size: number } | null } | { ok: false; reason: "too_large" };

export async function receiveListUpload(request: Request): Promise<ReceivedUpload> {
  const dir = path.join(os.tmpdir(), "portal-uploads");
  await mkdir(dir, { recursive: true });
  let upload: { path: string; name: string; size: number } | null = null;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name !== "file") {
        // Small text fields only.
        let text = "";
        for await (const chunk of part.data) {
          text += Buffer.from(chunk).toString("utf8");
          if (text.length > 4096) throw new MaxPartSizeExceededError(part.name, 4096);
        }
        return text;
      }
      if (!part.filename) return undefined;
      // The file goes to disk as it arrives: memory stays flat whatever its size.
      const target = path.join(dir, `${randomBytes(12).toString("hex")}.csv`);
      let size = 0;
      const out = createWriteStream(target);
      try {
        for await (const chunk of part.data) {
          size += chunk.byteLength;
          if (size > MAX_UPLOAD_BYTES) throw new MaxPartSizeExceededError(part.name, MAX_UPLOAD_BYTES);
          if (!out.write(chunk)) await once(out, "drain");
        }
      } catch (error) {
        out.destroy();
        await rm(target, { force: true });
        throw error;
      }
      out.end();
      await once(out, "finish");
      upload = { path: target, name: part.filename, size };
      return target;
    });
  } catch (error) {
    if (upload) await rm((upload as { path: string }).path, { force: true });
    if (error instanceof MaxPartSizeExceededError) return { ok: false, reason: "too_large" };
    throw error;
  }
  return { ok: true, form, file: upload as { path: string; name: string; size: number } | null };
}
