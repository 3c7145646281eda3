// Phrase pools are written as plain text blocks (one entry per line or per word) so the data
// reads like data and the formatter does not explode it into hundreds of array lines.

/** One entry per non-empty line, trimmed. */
export function lines(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** One entry per whitespace-separated word. */
export function words(block: string): string[] {
  return block.trim().split(/\s+/);
}

/**
 * Entries may carry a feminine and a masculine form as `feminina|masculino`; an entry without
 * `|` reads the same for everyone.
 */
export function inflect(entry: string, gender: 'f' | 'm'): string {
  const bar = entry.indexOf('|');
  if (bar < 0) return entry;
  return gender === 'f' ? entry.slice(0, bar) : entry.slice(bar + 1);
}

/**
 * Look items may be marked `f: …` or `m: …` when they suit one wardrobe only; unmarked items
 * suit both. Returns the items that suit `gender`, without the marks.
 */
export function itemsFor(items: readonly string[], gender: 'f' | 'm'): string[] {
  const suited: string[] = [];
  for (const item of items) {
    const mark = /^([fm]): /.exec(item);
    if (mark === null) suited.push(item);
    else if (mark[1] === gender) suited.push(item.slice(3));
  }
  return suited;
}
