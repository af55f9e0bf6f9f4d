/** How large a verified list may be (pure: the upload, its page and its messages share it). */
export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;
export const MAX_UPLOAD_MB = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
/**
 * The longest header line read: the thirteen column names take about 170 characters, so a longer
 * first line is the wrong file, and reading it no further keeps a 12 MB first line cheap.
 */
export const MAX_HEADER_CHARS = 4096;
