import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../../src/content/load.js';
import { renderIntro } from '../../src/discord/render/interviews/intro.js';

const bank = loadQuestionBank();
const [q1, q2, q3] = bank.questions;
const A = '100000000000000001';
const B = '100000000000000002';
const C = '100000000000000003';

describe('the interview intro', () => {
  it('numbers a trio’s candidates as its "Who interviews whom" lines: candidate k is interviewed in line k', () => {
    const intro = renderIntro({
      groupId: 7,
      roundKey: '2026-11-20',
      closesAt: Date.parse('2026-11-27T17:00:00Z'),
      guide: bank.starGuide,
      members: [
        { userId: A, added: true, questions: [q1!] },
        { userId: B, added: true, questions: [q2!] },
        { userId: C, added: true, questions: [q3!] },
      ],
    });
    const embed = intro.embeds?.[0];
    expect(embed?.description).toContain(`1. <@${A}> interviews <@${B}>.`);
    expect(embed?.description).toContain(`2. <@${B}> interviews <@${C}>.`);
    expect(embed?.description).toContain(`3. <@${C}> interviews <@${A}>.`);
    const fields = embed?.fields?.filter((f) => f.name.startsWith('Questions for candidate')) ?? [];
    expect(fields.map((f) => [f.name, f.value.split('\n')[0]])).toEqual([
      ['Questions for candidate 1', `<@${A}> asks <@${B}>:`],
      ['Questions for candidate 2', `<@${B}> asks <@${C}>:`],
      ['Questions for candidate 3', `<@${C}> asks <@${A}>:`],
    ]);
    // Each candidate's own questions sit under their number.
    expect(fields[0]?.value).toContain(q2!.text.replace(/\s+/g, ' ').trim());
    expect(fields[2]?.value).toContain(q1!.text.replace(/\s+/g, ' ').trim());
  });
});
