/**
 * What an uploaded document may be: judged by its bytes (magic numbers), never by its name or the
 * browser's declared type. Pure; the service stores the bytes with a SHA-256.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_APPLICATION = 20;
export const MAX_DISPLAY_NAME_LENGTH = 120;

export type DocumentKind = "pdf" | "png" | "jpeg";

export const DOCUMENT_MEDIA_TYPES: Record<DocumentKind, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** The document's real kind from its first bytes, or null when it is none we accept. */
export function sniffDocumentKind(bytes: Uint8Array): DocumentKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // "%PDF-"
  if (startsWith(bytes, PNG_SIGNATURE)) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  return null;
}

export type DocumentRefusal = "empty" | "too_large" | "wrong_type" | "too_many";

export function checkDocument(bytes: Uint8Array, existingCount: number): { ok: true; kind: DocumentKind } | { ok: false; code: DocumentRefusal } {
  if (existingCount >= MAX_DOCUMENTS_PER_APPLICATION) return { ok: false, code: "too_many" };
  if (bytes.length === 0) return { ok: false, code: "empty" };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, code: "too_large" };
  const kind = sniffDocumentKind(bytes);
  return kind ? { ok: true, kind } : { ok: false, code: "wrong_type" };
}

/**
 * The name shown for a document: the last path segment of what the browser sent, without control
 * or bidirectional-override characters, shortened keeping the extension. Display only: storage
 * never uses it as a path.
 */
export function displayName(original: string, kind: DocumentKind): string {
  const lastSegment = original.split(/[\\/]/).pop() ?? "";
  const cleaned = lastSegment
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/^\.+/, "")
    .trim();
  const fallback = `document.${kind === "jpeg" ? "jpg" : kind}`;
  if (!cleaned) return fallback;
  if (cleaned.length <= MAX_DISPLAY_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 && cleaned.length - dot <= 6 ? cleaned.slice(dot) : "";
  return `${cleaned.slice(0, MAX_DISPLAY_NAME_LENGTH - ext.length - 1)}…${ext}`;
}

export type FileProblem = "empty" | "too_large" | "wrong_type";

/**
 * The browser's check before a slow phone sends a file (the server still judges the bytes): size,
 * and a type by declared media type or name. Pure, so the page and its tests share it.
 */
export function checkFileBeforeUpload(file: { size: number; name: string; type: string }): FileProblem | null {
  if (file.size === 0) return "empty";
  if (file.size > MAX_DOCUMENT_BYTES) return "too_large";
  const byType = (Object.values(DOCUMENT_MEDIA_TYPES) as string[]).includes(file.type.toLowerCase());
  const byName = /\.(pdf|png|jpe?g)$/i.test(file.name);
  return byType || byName ? null : "wrong_type";
}
