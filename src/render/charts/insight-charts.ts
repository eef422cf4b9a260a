import type { FunnelFigures } from '../../domain/insights/roadmap-funnel.js';
import type { InterviewFigures, StarPart } from '../../domain/insights/interviews.js';
import type { JobSearchFigures } from '../../domain/insights/job-search.js';
import type { MemberProgressFigures } from '../../domain/insights/member-progress.js';
import type { ParticipationFigures } from '../../domain/insights/participation.js';
import { MIN_MEMBERS } from '../../domain/insights/privacy.js';
import { ALT_TEXT_MAX, THEME, type ChartPicture } from './spec.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-16` → `16 Nov`: short enough for twelve labels on one axis. */
export function weekLabel(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? match[2]}`;
}

const clipLabel = (text: string, max = 38) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function altText(text: string): string {
  return text.length <= ALT_TEXT_MAX ? text : `${text.slice(0, ALT_TEXT_MAX - 1)}…`;
}

const WITHHELD_WEEKS = `Blank weeks involved fewer than ${MIN_MEMBERS} members and are not shown.`;

/** The sentence shown instead of a chart when too few members stand behind it. */
export function tooFewMembersText(what: string, members: number): string {
  return `Too few members to show ${what}: figures need at least ${MIN_MEMBERS} members (there ${members === 1 ? 'is' : 'are'} ${members}), so nobody can be singled out.`;
}

export function participationChart(f: ParticipationFigures): ChartPicture {
  const shown = f.weeks.filter((w) => !w.withheld);
  const last = shown.at(-1);
  const reading =
    `Over the last ${plural(f.weeks.length, 'week')}, ${f.answerRate}% of the members asked answered their check-in` +
    (last
      ? `; in the week of ${weekLabel(last.roundKey)}, ${last.answered} of ${last.expected} answered (${last.onBreak} on a break).`
      : '.');
  const described = f.weeks
    .map((w) =>
      w.withheld
        ? `${weekLabel(w.roundKey)}: not shown`
        : `${weekLabel(w.roundKey)}: ${w.prompted} prompted, ${w.answered} answered, ${w.onBreak} on a break, ${w.answerRate}%`,
    )
    .join('; ');
  return {
    filename: 'insights-participation.png',
    reading,
    altText: altText(
      `Bar chart of weekly check-ins over ${plural(f.weeks.length, 'week')}: members prompted, answered and on a break, with the answer rate as a line. ${described}.`,
    ),
    spec: {
      title: 'Weekly check-ins',
      footnote: f.withheldWeeks > 0 ? WITHHELD_WEEKS : undefined,
      panels: [
        {
          heading: `Last ${plural(f.weeks.length, 'week')} · answer rate ${f.answerRate}%`,
          labels: f.weeks.map((w) => weekLabel(w.roundKey)),
          indexAxis: 'x',
          valueTitle: 'members',
          weight: 1,
          series: [
            {
              label: 'Prompted',
              data: f.weeks.map((w) => w.prompted),
              color: THEME.blurple,
              kind: 'bar',
              axis: 'value',
            },
            {
              label: 'Answered',
              data: f.weeks.map((w) => w.answered),
              color: THEME.green,
              kind: 'bar',
              axis: 'value',
            },
            {
              label: 'On a break',
              data: f.weeks.map((w) => w.onBreak),
              color: THEME.yellow,
              kind: 'bar',
              axis: 'value',
            },
            {
              label: 'Answer rate (%)',
              data: f.weeks.map((w) => w.answerRate),
              color: THEME.fuchsia,
              kind: 'line',
              axis: 'percent',
            },
          ],
        },
      ],
    },
  };
}

export function roadmapFunnelChart(f: FunnelFigures): ChartPicture {
  const first = f.stages[0];
  const lastStage = f.stages.at(-1);
  const topSkipped = f.mostSkipped[0];
  const topStuck = f.stuck[0];
  const reading = [
    `${plural(f.members, 'member')} have started the roadmap`,
    first ? `; ${first.completed} completed the first stage (${first.title})` : '',
    lastStage && lastStage !== first ? ` and ${lastStage.completed} the last (${lastStage.title})` : '',
    '.',
    topSkipped ? ` Most skipped: ${topSkipped.title} (${topSkipped.members}).` : ' No step has been skipped.',
    topStuck
      ? ` Most often in progress for over 3 weeks: ${topStuck.title} (${topStuck.members}).`
      : ' No step has been in progress for over 3 weeks.',
  ].join('');
  const steps = [...new Map([...f.mostSkipped, ...f.stuck].map((s) => [s.stepId, s.title])).entries()];
  const countOf = (list: FunnelFigures['mostSkipped'], stepId: string) =>
    list.find((s) => s.stepId === stepId)?.members ?? 0;
  return {
    filename: 'insights-roadmap.png',
    reading,
    altText: altText(
      `Horizontal bar charts of the roadmap. Members who completed each stage, out of ${f.members}: ${f.stages
        .map((s) => `${s.title} ${s.completed}`)
        .join('; ')}. Steps most often skipped: ${
        f.mostSkipped.map((s) => `${s.title} ${s.members}`).join('; ') || 'none'
      }. Steps in progress for over 3 weeks: ${f.stuck.map((s) => `${s.title} ${s.members}`).join('; ') || 'none'}.`,
    ),
    spec: {
      title: 'Roadmap funnel',
      footnote: `Out of ${plural(f.members, 'member')} who marked at least one step. A skipped step counts as handled.`,
      panels: [
        {
          heading: 'Members who completed each stage',
          labels: f.stages.map((s) => clipLabel(s.title)),
          indexAxis: 'y',
          valueTitle: 'members',
          weight: 1.1,
          series: [
            {
              label: 'Completed',
              data: f.stages.map((s) => s.completed),
              color: THEME.blurple,
              kind: 'bar',
              axis: 'value',
            },
          ],
        },
        {
          heading: 'Steps most often skipped or in progress for over 3 weeks',
          labels: steps.map(([, title]) => clipLabel(title)),
          indexAxis: 'y',
          valueTitle: 'members',
          weight: 1,
          emptyText: 'No step skipped or stalled yet.',
          series: [
            {
              label: 'Skipped',
              data: steps.map(([id]) => countOf(f.mostSkipped, id)),
              color: THEME.yellow,
              kind: 'bar',
              axis: 'value',
              stack: 'steps',
            },
            {
              label: 'In progress > 3 weeks',
              data: steps.map(([id]) => countOf(f.stuck, id)),
              color: THEME.red,
              kind: 'bar',
              axis: 'value',
              stack: 'steps',
            },
          ],
        },
      ],
    },
  };
}

const STAR_LABELS: Record<StarPart, string> = {
  situation: 'Situation',
  task: 'Task',
  action: 'Action',
  result: 'Result',
};

export function interviewChart(f: InterviewFigures): ChartPicture {
  const shown = f.rounds.filter((r) => !r.withheld);
  const sum = (pick: (r: (typeof shown)[number]) => number | null) =>
    shown.reduce((n, r) => n + (pick(r) ?? 0), 0);
  const [groups, met, missed, unknown] = [
    sum((r) => r.groups),
    sum((r) => r.met),
    sum((r) => r.missed),
    sum((r) => r.unknown),
  ];
  const parts = (Object.keys(STAR_LABELS) as StarPart[]).filter((p) => f.star[p] !== null);
  const weakest = [...parts].sort((a, b) => (f.star[a] ?? 0) - (f.star[b] ?? 0))[0];
  const starSentence = weakest
    ? ` Average STAR ratings: ${parts.map((p) => `${STAR_LABELS[p]} ${f.star[p]}`).join(', ')}; ${STAR_LABELS[weakest]} is the part to practise.`
    : ` STAR averages need feedback for at least ${MIN_MEMBERS} candidates (${f.ratedCandidates} so far).`;
  const reading =
    `${plural(f.rounds.length, 'round')}, ${plural(groups, 'group')}: ${met} met, ${missed} could not meet, ${unknown} did not say.` +
    starSentence;
  return {
    filename: 'insights-interviews.png',
    reading,
    altText: altText(
      `Stacked bar chart of mock-interview groups per round (met, could not meet, did not say): ${f.rounds
        .map((r) =>
          r.withheld
            ? `${weekLabel(r.roundKey)} not shown`
            : `${weekLabel(r.roundKey)} ${r.met} met, ${r.missed} missed, ${r.unknown} unknown`,
        )
        .join('; ')}. Bar chart of the average STAR rating out of 5: ${
        weakest
          ? parts.map((p) => `${STAR_LABELS[p]} ${f.star[p]}`).join(', ')
          : 'not shown, too few candidates rated'
      }.`,
    ),
    spec: {
      title: 'Mock interviews',
      footnote:
        [
          f.rounds.some((r) => r.withheld) ? `Blank rounds involved fewer than ${MIN_MEMBERS} members.` : '',
          weakest
            ? `${plural(f.feedbackCount, 'feedback form')} for ${plural(f.ratedCandidates, 'candidate')}.`
            : '',
        ]
          .filter(Boolean)
          .join(' ') || undefined,
      panels: [
        {
          heading: 'Groups per round',
          labels: f.rounds.map((r) => weekLabel(r.roundKey)),
          indexAxis: 'x',
          valueTitle: 'groups',
          weight: 1.2,
          series: [
            {
              label: 'Met',
              data: f.rounds.map((r) => r.met),
              color: THEME.green,
              kind: 'bar',
              axis: 'value',
              stack: 'groups',
            },
            {
              label: 'Could not meet',
              data: f.rounds.map((r) => r.missed),
              color: THEME.red,
              kind: 'bar',
              axis: 'value',
              stack: 'groups',
            },
            {
              label: 'Did not say',
              data: f.rounds.map((r) => r.unknown),
              color: THEME.grey,
              kind: 'bar',
              axis: 'value',
              stack: 'groups',
            },
          ],
        },
        {
          heading: 'Average STAR rating (1–5)',
          labels: Object.values(STAR_LABELS),
          indexAxis: 'y',
          valueTitle: 'average rating',
          valueMax: 5,
          weight: 0.8,
          emptyText: weakest ? undefined : `Shown once at least ${MIN_MEMBERS} candidates have feedback.`,
          series: weakest
            ? [
                {
                  label: 'Average',
                  data: (Object.keys(STAR_LABELS) as StarPart[]).map((p) => f.star[p]),
                  color: THEME.blurple,
                  kind: 'bar',
                  axis: 'value',
                },
              ]
            : [],
        },
      ],
    },
  };
}

export function jobSearchChart(f: JobSearchFigures): ChartPicture {
  const reading =
    `${plural(f.applications, 'application')} and ${plural(f.interviews, 'interview')} reported in check-ins over the last ${plural(f.weeks.length, 'week')}` +
    ` by ${plural(f.members, 'member')}.`;
  return {
    filename: 'insights-job-search.png',
    reading,
    altText: altText(
      `Bar chart of job applications and interviews reported in weekly check-ins: ${f.weeks
        .map((w) =>
          w.withheld
            ? `${weekLabel(w.roundKey)} not shown`
            : `${weekLabel(w.roundKey)} ${plural(w.applications ?? 0, 'application')}, ${plural(w.interviews ?? 0, 'interview')}`,
        )
        .join('; ')}.`,
    ),
    spec: {
      title: 'Job search',
      footnote:
        f.withheldWeeks > 0
          ? `Blank weeks had fewer than ${MIN_MEMBERS} members reporting and are not shown.`
          : 'As reported by members in their weekly check-ins.',
      panels: [
        {
          heading: `Applications and interviews per week · ${f.applications} and ${f.interviews} in all`,
          labels: f.weeks.map((w) => weekLabel(w.roundKey)),
          indexAxis: 'x',
          valueTitle: 'reported',
          weight: 1,
          series: [
            {
              label: 'Applications',
              data: f.weeks.map((w) => w.applications),
              color: THEME.blurple,
              kind: 'bar',
              axis: 'value',
            },
            {
              label: 'Interviews',
              data: f.weeks.map((w) => w.interviews),
              color: THEME.green,
              kind: 'bar',
              axis: 'value',
            },
          ],
        },
      ],
    },
  };
}

export function memberProgressChart(f: MemberProgressFigures): ChartPicture {
  const reading =
    `You completed ${plural(f.doneInPeriod, 'step')} in the last ${plural(f.weeks.length, 'week')} (${f.doneTotal} in all); ` +
    `check-in streak ${plural(f.streak.current, 'week')} (best ${f.streak.best}).`;
  return {
    filename: 'my-progress.png',
    reading,
    altText: altText(
      `Bar chart of roadmap steps you completed per week: ${f.weeks
        .map((w) => `week of ${weekLabel(w.weekStart)} ${w.done}`)
        .join('; ')}. Check-in streak ${f.streak.current} weeks, best ${f.streak.best}.`,
    ),
    spec: {
      title: 'My progress',
      footnote: `Check-in streak: ${plural(f.streak.current, 'week')} · best ${plural(f.streak.best, 'week')}`,
      panels: [
        {
          heading: `Steps done per week · ${f.doneInPeriod} in ${plural(f.weeks.length, 'week')}`,
          labels: f.weeks.map((w) => weekLabel(w.weekStart)),
          indexAxis: 'x',
          valueTitle: 'steps done',
          weight: 1,
          series: [
            {
              label: 'Steps done',
              data: f.weeks.map((w) => w.done),
              color: THEME.green,
              kind: 'bar',
              axis: 'value',
            },
          ],
        },
      ],
    },
  };
}
