import {
  ComponentType,
  TextInputStyle,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { Feedback } from '../../../domain/interviews/types.js';
import type { Question } from '../../../domain/questions/schema.js';
import type { FeedbackDelivery } from '../../../services/interview-feedback-delivery.js';
import { interviewIds } from '../../custom-ids.js';
import type { OutgoingMessage } from '../../messenger.js';
import { field, mention, oneLine, ratingsLine, roundLabel } from '../interviews.js';
import { memberText } from '../member-text.js';
import { clip, Colors } from '../theme.js';

/** Feedback between partners: the form, the DM to the candidate, what each member sees of it. */

/**
 * Feedback form. Discord allows five inputs in a modal and STAR feedback needs six values, so the four
 * ratings share one short input ("4 3 5 4"), checked like separate fields.
 */
export function renderFeedbackModal(
  groupId: number,
  candidateName: string,
  existing: Feedback | undefined,
): APIModalInteractionResponseCallbackData {
  const text = (
    customId: string,
    label: string,
    options: { paragraph: boolean; max: number; value?: string; placeholder: string; description?: string },
  ) => ({
    type: ComponentType.Label as const,
    label: clip(label, 45),
    ...(options.description ? { description: clip(options.description, 100) } : {}),
    component: {
      type: ComponentType.TextInput as const,
      custom_id: customId,
      style: options.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
      required: true,
      max_length: options.max,
      placeholder: clip(options.placeholder, 100),
      ...(options.value ? { value: clip(options.value, options.max) } : {}),
    },
  });
  return {
    custom_id: interviewIds.submitFeedback.build(groupId),
    title: clip(`Feedback for ${candidateName}`, 45),
    components: [
      text('ratings', 'STAR ratings, 1 to 5: S T A R', {
        paragraph: false,
        max: 20,
        placeholder: 'e.g. 4 3 5 4',
        description: 'Situation, Task, Action, Result. 1 = missing, 3 = clear, 5 = excellent.',
        ...(existing
          ? { value: `${existing.situation} ${existing.task} ${existing.action} ${existing.result}` }
          : {}),
      }),
      text('strength', 'One thing that went well', {
        paragraph: true,
        max: 500,
        placeholder: 'Your result was concrete: "cut build time from 20 to 5 minutes".',
        ...(existing ? { value: existing.strength } : {}),
      }),
      text('improve', 'One thing to improve', {
        paragraph: true,
        max: 500,
        placeholder: 'Say "I" more in the Action part: what did you do yourself?',
        ...(existing ? { value: existing.improve } : {}),
      }),
    ],
  };
}

function feedbackFields(feedback: Feedback): APIEmbedField[] {
  return [
    field('STAR ratings', ratingsLine(feedback)),
    field('What went well', memberText(feedback.strength)),
    field('What to improve', memberText(feedback.improve)),
  ];
}

/** The feedback as its candidate receives it, by DM: never in the thread or a channel. */
export function renderFeedbackDm(input: {
  guildName: string;
  roundKey: string;
  feedback: Feedback;
  updated: boolean;
}): OutgoingMessage {
  return {
    embeds: [
      {
        title: input.updated
          ? '📝 Your mock-interview feedback was updated'
          : '📝 Mock-interview feedback for you',
        description: `From ${mention(input.feedback.giverId)}, who interviewed you in **${memberText(clip(input.guildName, 100))}** (round of ${roundLabel(input.roundKey)}). Only you can see this.`,
        color: Colors.brand,
        fields: feedbackFields(input.feedback),
        footer: { text: 'All your feedback and averages: /interview history' },
      },
    ],
  };
}

export function renderMyFeedback(feedback: readonly Feedback[]): {
  content?: string;
  embeds: APIEmbed[];
} {
  if (feedback.length === 0)
    return {
      content:
        'No feedback for you in this group yet. It appears here (and in your DMs) once your interviewer sends it.',
      embeds: [],
    };
  return {
    embeds: feedback.slice(0, 3).map((f) => ({
      title: '📬 Feedback you received',
      description: `From ${mention(f.giverId)}. Only you can see this.`,
      color: Colors.brand,
      fields: feedbackFields(f),
    })),
  };
}

function strongAnswerText(q: Question): string {
  const { situation, task, action, result } = q.strongAnswer;
  return [
    `**S** ${oneLine(situation)}`,
    `**T** ${oneLine(task)}`,
    `**A** ${oneLine(action)}`,
    `**R** ${oneLine(result)}`,
    `🚩 Red flags: ${q.redFlags.map(oneLine).join(' · ')}`,
  ].join('\n');
}

export function renderInterviewerNotes(candidateId: string, questions: readonly Question[]): APIEmbed {
  return {
    title: '📋 Your interviewer notes',
    description: `You interview ${mention(candidateId)}. Ask one question at a time, let them finish, then dig in with a follow-up. Only you can see this.`,
    color: Colors.brand,
    fields: questions.flatMap((q, i) => [
      field(
        `Question ${i + 1}`,
        [
          `**${oneLine(q.text)}**`,
          'Follow-ups:',
          ...q.followUps.map((f) => `• ${oneLine(f)}`),
          `Listen for: ${oneLine(q.lookFor)}`,
        ].join('\n'),
      ),
      // Interviewer only: the candidate never sees this outline before the interview.
      field(`Question ${i + 1} · a strong answer`, strongAnswerText(q)),
    ]),
  };
}

const DELIVERY_TEXT: Record<FeedbackDelivery, string> = {
  dm: 'It was sent to them privately by DM; nobody else sees it.',
  'dm-closed':
    'Their DMs are closed, so they will find it with **See my feedback** or `/interview history`; nobody else sees it.',
  left: 'They are no longer in this server, so it could not reach them; it stays saved, and nobody else sees it.',
  retrying:
    'Discord failed to deliver it just now; Stepwise will try the DM again in a few minutes. Nobody else sees it.',
  refused:
    'Discord refused to deliver it by DM; they can still read it with **See my feedback** or `/interview history`.',
};

export function renderFeedbackSaved(
  candidateId: string,
  created: boolean,
  delivered: FeedbackDelivery,
): string {
  return [
    created
      ? `✅ Feedback saved for ${mention(candidateId)}.`
      : `✏️ Your feedback for ${mention(candidateId)} is updated.`,
    DELIVERY_TEXT[delivered],
  ].join('\n');
}
