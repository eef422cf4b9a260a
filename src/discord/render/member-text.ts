import { escapeMarkdown } from 'discord.js';
import { normaliseProofLink } from '../../domain/progress/proof-link.js';

/**
 * Text a member wrote, made safe to show to others: every markdown construct is escaped (including the
 * ones discord.js leaves alone by default: headings and lists), so a goal or a piece of feedback reads as
 * typed and cannot dress itself up as a heading or a spoiler. Masked links get every bracket escaped:
 * discord.js's own `maskedLink` option escapes only the first `[…](…)` of a text, so
 * `[a](x) [Free Nitro](https://evil)` kept its second link. `@everyone` and `@here` get a zero-width
 * space so they stay plain text even where mentions would be parsed.
 */
export function memberText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]]/g, '\\$&')
    .replace(/@(everyone|here)\b/g, '@\u200b$1');
}

/**
 * A stored proof link as shown on cards: normalised again, so a link saved before today's checks (or
 * edited in the database) is shown as its real address or not at all.
 */
export function proofLinkText(stored: string): string {
  const result = normaliseProofLink(stored);
  return result.ok ? result.href : '(a link that no longer passes our checks, hidden)';
}
