/**
 * The HTTP answer carrying an uploaded document: its own media type, never cached, sandboxed without
 * scripts (nosniff is set on every response by the server), so an uploaded file cannot act as a page
 * of this site. `attachment` downloads it; `inline` lets staff open PDFs and images in the browser.
 */
export function documentResponse(
  doc: { display_name: string; media_type: string; size_bytes: number; content: Uint8Array },
  disposition: "attachment" | "inline",
): Response {
  const ascii = doc.display_name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(doc.content), {
    headers: {
      "Content-Type": doc.media_type,
      "Content-Length": String(doc.size_bytes),
      "Content-Disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.display_name)}`,
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
