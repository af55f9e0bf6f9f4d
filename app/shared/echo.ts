import type { Locale } from "./i18n";

/**
 * Repeating what a user sent in a message ("unknown column: …", "sequence "…" is not a number") helps
 * them find it, but a message must never be as large as the upload: a 12 MB header line once came
 * back as a 38 MB page. Every message that quotes uploaded or typed text quotes it through these:
 * at most ECHO_ITEM_CHARS characters of one value, at most ECHO_LIST_ITEMS values of a list (then
 * "and N more"), at most about ECHO_LIST_CHARS characters in all. Pure, and cheap on huge input: only
 * the first few hundred characters of a value are ever looked at.
 */
export const ECHO_ITEM_CHARS = 80;
export const ECHO_LIST_ITEMS = 10;
export const ECHO_LIST_CHARS = 300;

// Control characters, line breaks and bidirectional overrides would break or disguise the message.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One value, shortened to `max` characters (the last one "…" when cut), unprintable ones as spaces. */
export function echo(value: string, max = ECHO_ITEM_CHARS): string {
  // A code point is at most two UTF-16 units: this slice holds more than `max` code points if there are.
  const head = value.length > 2 * max + 2 ? value.slice(0, 2 * max + 2) : value;
  const points = Array.from(head.replace(UNPRINTABLE, " "));
  if (points.length <= max && head.length === value.length) return points.join("");
  return `${points.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * A list of values for a message, each through `echo`, joined by `separator`: at most `maxItems`
 * of them and about `maxChars` characters, then "and N more" / "외 N개".
 */
export function echoList(
  items: readonly string[],
  locale: Locale,
  { maxItems = ECHO_LIST_ITEMS, maxChars = ECHO_LIST_CHARS, separator = ", " }: { maxItems?: number; maxChars?: number; separator?: string } = {},
): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items) {
    if (shown.length === maxItems) break;
    const text = echo(item);
    const next = length + (shown.length ? separator.length : 0) + text.length;
    // The first value is always shown, so the list never reads "and 3 more" alone.
    if (shown.length && next > maxChars) break;
    shown.push(text);
    length = next;
  }
  const rest = items.length - shown.length;
  if (rest === 0) return shown.join(separator);
  const count = rest.toLocaleString("en-US");
  return locale === "ko" ? `${shown.join(separator)} 외 ${count}개` : `${shown.join(separator)} and ${count} more`;
}
