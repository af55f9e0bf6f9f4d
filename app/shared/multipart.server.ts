import busboy from "busboy";

/**
 * Reading a document upload (multipart/form-data) with busboy, which finds the part boundaries with a
 * streaming search instead of Remix's JavaScript parser: that parser spent ~3 ms of CPU on a 200 KB
 * PDF, half of what an upload cost in all (`npm run bench:http`), where busboy takes a fraction of a
 * millisecond. Text fields keep their first value; at most `maxFiles` files are kept, each at most
 * `maxFileBytes` (a longer one makes the whole result "too_large"); further files are skipped unread.
 */
export interface UploadedPart {
  field: string;
  name: string;
  type: string;
  bytes: Uint8Array;
}

export type MultipartResult = { ok: true; fields: Map<string, string>; files: UploadedPart[] } | { ok: false; reason: "too_large" | "malformed" };

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles?: number;
  maxFields?: number;
  /** Per text field; longer values are cut (the callers validate lengths themselves). */
  maxFieldBytes?: number;
}

export async function readMultipart(
  request: Request,
  { maxFileBytes, maxFiles = 1, maxFields = 20, maxFieldBytes = 64 * 1024 }: MultipartLimits,
): Promise<MultipartResult> {
  const body = request.body;
  if (!body) return { ok: false, reason: "malformed" };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      // Browsers send file names as raw UTF-8 (Korean names included); busboy's default is latin1.
      defParamCharset: "utf8",
      limits: { fileSize: maxFileBytes, files: maxFiles, fields: maxFields, fieldSize: maxFieldBytes, parts: maxFields + maxFiles + 10 },
    });
  } catch {
    // No boundary, or not multipart at all.
    return { ok: false, reason: "malformed" };
  }
  return new Promise<MultipartResult>((resolve) => {
    const fields = new Map<string, string>();
    const files: UploadedPart[] = [];
    let tooLarge = false;
    let settled = false;
    const finish = (result: MultipartResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    parser.on("field", (name, value) => {
      if (!fields.has(name)) fields.set(name, value);
    });
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on("limit", () => {
        tooLarge = true;
        chunks.length = 0;
      });
      // A body cut short fails the parser (handled there) and this part's stream too.
      stream.on("error", () => {});
      stream.on("end", () => {
        if (!tooLarge) files.push({ field, name: info.filename ?? "", type: info.mimeType, bytes: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    parser.on("error", () => finish({ ok: false, reason: "malformed" }));
    parser.on("close", () => finish(tooLarge ? { ok: false, reason: "too_large" } : { ok: true, fields, files }));
    // The request body is a web stream (whichever implementation Remix was given): read it chunk by
    // chunk into the parser, respecting its back-pressure.
    void (async () => {
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (settled) continue; // a refused body is still read to its end, so the answer can be sent
          if (!parser.write(value)) await drained(parser);
        }
        parser.end();
      } catch {
        finish({ ok: false, reason: "malformed" });
      }
    })();
  });
}

/** Until the parser wants more, or has stopped (an error or its end) and never will. */
function drained(parser: busboy.Busboy): Promise<void> {
  return new Promise<void>((resume) => {
    const done = () => {
      parser.off("drain", done);
      parser.off("close", done);
      parser.off("error", done);
      resume();
    };
    parser.on("drain", done);
    parser.on("close", done);
    parser.on("error", done);
  });
}
