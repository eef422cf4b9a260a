import { describe, expect, it } from 'vitest';
import { normaliseProofLink } from '../../src/domain/progress/proof-link.js';
import { memberText } from '../../src/discord/render/member-text.js';

const refused = (input: string) => {
  const result = normaliseProofLink(input);
  if (result.ok) throw new Error(`accepted ${input} as ${result.href}`);
  return result.error;
};
const href = (input: string) => {
  const result = normaliseProofLink(input);
  if (!result.ok) throw new Error(`refused ${input}: ${result.error}`);
  return result.href;
};

describe('proof links', () => {
  it('normalises with the WHATWG URL parser', () => {
    expect(href('  HTTPS://GitHub.com/alice/todo-api ')).toBe('https://github.com/alice/todo-api');
    expect(href('https://github.com')).toBe('https://github.com/');
    expect(href('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
  });

  it('refuses a link followed by markdown that would mask another site', () => {
    expect(refused('https://github.com/a [Claim free Nitro](https://evil.example/gift)')).toMatch(
      /without spaces or text around it/,
    );
  });

  it('percent-encodes the characters markdown could use to hide the destination', () => {
    expect(href('https://github.com/a[Claim](https://evil.co/gift)')).toBe(
      'https://github.com/a%5BClaim%5D(https://evil.co/gift)',
    );
    expect(href('https://github.com/a?x=||spoiler||`code`')).toBe(
      'https://github.com/a?x=%7C%7Cspoiler%7C%7C%60code%60',
    );
  });

  it('refuses credentials, naming where the link really goes', () => {
    expect(refused('https://github.com@evil.example.com/x')).toMatch(
      /user name or password.*evil\.example\.com/,
    );
    expect(refused('https://user:pw@github.com/x')).toMatch(/user name or password/);
  });

  it.each([
    'https://localhost/x',
    'http://localhost:3000',
    'https://api.localhost/',
    'http://127.0.0.1/admin',
    'http://2130706433/',
    'http://[::1]/',
    'https://-bad-.com',
    'https://bad-.com/',
    'https://nodot/',
    'https://printer.local/',
    'https://evil.example/gift',
    'https://a_b.com/',
  ])('refuses %s (not a public website)', (url) => {
    expect(refused(url)).toMatch(/refused|not a web link/);
  });

  it.each(['javascript:alert(1)', 'ftp://x.org/a', 'data:text/html,hi', 'file:///etc/passwd'])(
    'refuses the non-web scheme %s',
    (url) => expect(refused(url)).toMatch(/link/),
  );

  it('shows a look-alike host in punycode, so it cannot pass for the real site', () => {
    // Cyrillic і (U+0456) in place of the Latin i.
    const shown = href('https://g\u0456thub.com/alice');
    expect(shown).toMatch(/^https:\/\/xn--[a-z0-9-]+\.com\/alice$/);
    expect(shown).not.toContain('github.com');
    expect(href('https://bücher.de/x')).toBe('https://xn--bcher-kva.de/x');
  });

  it('refuses zero-width and right-to-left characters', () => {
    expect(refused('https://github.com/\u200balice')).toMatch(/without spaces/);
    expect(refused('https://github.com/\u202eecila')).toMatch(/without spaces/);
  });

  it('keeps every accepted link ASCII', () => {
    expect(href('https://github.com/ålice/ü')).toBe('https://github.com/%C3%A5lice/%C3%BC');
  });
});

describe('member text shown to others', () => {
  it('escapes masked links, headings, lists and emphasis', () => {
    expect(memberText('[Claim free Nitro](https://evil.example/gift)')).toBe(
      '\\[Claim free Nitro\\](https://evil.example/gift)',
    );
    expect(memberText('[a](https://x.co) then [Free Nitro](https://evil.example/gift)')).toBe(
      '\\[a\\](https://x.co) then \\[Free Nitro\\](https://evil.example/gift)',
    );
    expect(memberText('# Big')).toBe('\\# Big');
    expect(memberText('- item')).toBe('\\- item');
    expect(memberText('**bold** ||spoiler||')).toBe('\\*\\*bold\\*\\* \\|\\|spoiler\\|\\|');
  });

  it('breaks mass mentions', () => {
    expect(memberText('hi @everyone and @here')).toBe('hi @\u200beveryone and @\u200bhere');
  });
});
