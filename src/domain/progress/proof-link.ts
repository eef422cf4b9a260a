import { z } from 'zod';

/**
 * Proof links are shown to other members (a shared `/progress`, a public step card), so a link must go
 * where it says it goes. The WHATWG URL parser normalises it (`href`: lower-case scheme and host,
 * punycode for non-ASCII hosts, percent-encoded spaces and quotes), and what is left is checked here.
 *
 * Look-alike hosts (`gіthub.com` with a Cyrillic і) are accepted but shown as the parser's punycode
 * (`xn--gthub-…`), never as Unicode: the deception is gone, and real internationalised domains still work.
 */

const MAX_INPUT = 300;
/** Punycode and percent-encoding lengthen a link; an embed field holds 1,024 characters. */
const MAX_NORMALISED = 500;

/** Names that never lead to a public page (RFC 2606, RFC 6761, mDNS, common private suffixes). */
const PRIVATE_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home.arpa'];
const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'onion']);
/** A DNS label: letters, digits and inner hyphens, 1 to 63 characters. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A top-level domain: letters only, or an internationalised one in punycode. */
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Characters that Discord's markdown could use to dress a link up as something else (`[text](url)`
 * masked links, `||spoilers||`, `` `code` ``). Percent-encoding them keeps the same address (servers
 * decode them) while the text shown is the address itself.
 */
const MARKDOWN_IN_URL = /[[\]|`]/g;

export type ProofLinkResult = { ok: true; href: string } | { ok: false; error: string };

function hostProblem(hostname: string): string | undefined {
  if (hostname.startsWith('[') || /^[\d.]+$/.test(hostname)) return 'Use the site’s name, not an IP address.';
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (PRIVATE_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`)))
    return `${name} is not a public website.`;
  if (name.length > 253) return 'That web address is too long.';
  const labels = name.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TLD.test(labels.at(-1) ?? ''))
    return `${name} is not a valid website name.`;
  if (RESERVED_TLDS.has(labels.at(-1) ?? '')) return `${name} is not a public website.`;
  return undefined;
}

/** Normalises a proof link or says, in words a member understands, why it is refused. */
export function normaliseProofLink(input: string): ProofLinkResult {
  const raw = input.trim();
  if (raw.length > MAX_INPUT)
    return { ok: false, error: `The link is too long (${MAX_INPUT} characters at most).` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      error: 'That is not a web link. Paste a full address such as https://github.com/you/project.',
    };
  }
  // Parsed, yet a space or line break still means text around the link (or markdown such as `[text](other-site)`).
  if (/[\s\p{Cc}\p{Cf}]/u.test(raw))
    return {
      ok: false,
      error:
        'Paste just the web link, without spaces or text around it, e.g. https://github.com/you/project.',
    };
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: 'That is not a web link: it must start with https:// or http://.' };
  if (url.username !== '' || url.password !== '')
    return {
      ok: false,
      error: `A link cannot contain a user name or password (the part before @): this one really goes to ${url.hostname}.`,
    };
  const problem = hostProblem(url.hostname);
  if (problem) return { ok: false, error: `That link is refused: ${problem}` };
  const href = url.href.replace(
    MARKDOWN_IN_URL,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  if (href.length > MAX_NORMALISED) return { ok: false, error: 'The link is too long once normalised.' };
  return { ok: true, href };
}

/** A proof link as zod sees it: the normalised `href`, or an issue with the reason. */
export const ProofUrlSchema = z.string().transform((input, ctx) => {
  const result = normaliseProofLink(input);
  if (result.ok) return result.href;
  ctx.addIssue({ code: 'custom', message: result.error });
  return z.NEVER;
});
