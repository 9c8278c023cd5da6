/**
 * `!{timestamp:<pattern>}` as Firehose renders it (rule DP15): a Java `DateTimeFormatter` pattern applied to the
 * approximate arrival time, in UTC or the stream's `custom_time_zone`. This implements the subset used for S3
 * partition folders: `y` (year; `yy` is the two-digit year), `M`/`MM` (month number), `d`/`dd`, `H`/`HH`, `m`/`mm`,
 * `s`/`ss`, text in single quotes (`''` is a quote) and any non-letter character as itself.
 */

/** Pattern letters this implementation renders. */
const SUPPORTED_TIMESTAMP_LETTERS = ["y", "M", "d", "H", "m", "s"] as const;

type Field = (typeof SUPPORTED_TIMESTAMP_LETTERS)[number];
type Token = { readonly literal: string } | { readonly letter: Field; readonly count: number };

/** Splits a DateTimeFormatter pattern into literals and letter runs; throws on letters outside the subset. */
function parseTimestampPattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      // Quoted text runs to the next lone quote; inside it, '' is a quote too.
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new Error(`unterminated quoted literal in timestamp pattern "${pattern}"`);
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (pattern[j] === "'") break;
        else text += pattern[j++];
      }
      tokens.push({ literal: text });
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const count = j - i;
      if (!(SUPPORTED_TIMESTAMP_LETTERS as readonly string[]).includes(c) || (c !== "y" && count > 2)) {
        throw new Error(`pattern letters "${c.repeat(count)}" are outside the supported subset (yyyy, yy, MM, M, dd, d, HH, H, mm, ss and quoted text) in "${pattern}"`);
      }
      tokens.push({ letter: c as Field, count });
      i = j;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

/** Calendar fields of `instant` in `timeZone` (an IANA name; throws RangeError when unknown). */
function fieldsIn(instant: Date, timeZone: string): Record<Field, number> {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get("year"), M: get("month"), d: get("day"), H: get("hour"), m: get("minute"), s: get("second") };
}

/** Renders a DateTimeFormatter pattern (the subset above) for `instant` in `timeZone`. */
export function formatTimestamp(pattern: string, instant: Date, timeZone = "UTC"): string {
  const fields = fieldsIn(instant, timeZone || "UTC");
  return parseTimestampPattern(pattern)
    .map((t) => {
      if ("literal" in t) return t.literal;
      const value = fields[t.letter];
      // Java: "yy" is the year modulo 100, two digits; other counts pad to the count.
      if (t.letter === "y" && t.count === 2) return String(value % 100).padStart(2, "0");
      return String(value).padStart(t.count, "0");
    })
    .join("");
}
