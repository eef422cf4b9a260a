import type { FormErrors } from '../errors.js';
import { asArray, asDict, type Dict } from '../json.js';
import { MessageFlags } from 'discord-api-types/v10';
import {
  len,
  maxLength,
  boundedString,
  arrayLength,
  MESSAGE_LIMITS,
  validateUrl,
  type Path,
} from './fields.js';
import { validateMessageComponents } from './components.js';

// A message body as a create, edit or interaction response sends it: content, embeds, files, mentions.

/** Returns the embed's character count toward the 6000 total. */
function validateEmbed(errors: FormErrors, path: Path, raw: unknown): number {
  const embed = asDict(raw);
  if (!embed) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return 0;
  }
  let total = 0;
  const count = (value: unknown): void => {
    if (typeof value === 'string') total += len(value);
  };
  maxLength(errors, [...path, 'title'], embed['title'], MESSAGE_LIMITS.embedTitle);
  count(embed['title']);
  maxLength(errors, [...path, 'description'], embed['description'], MESSAGE_LIMITS.embedDescription);
  count(embed['description']);
  validateUrl(errors, [...path, 'url'], embed['url']);
  const color = embed['color'];
  if (color !== undefined && color !== null && (typeof color !== 'number' || color < 0 || color > 0xffffff)) {
    errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  const timestamp = embed['timestamp'];
  if (timestamp !== undefined && (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))) {
    errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
  }
  const fields = embed['fields'];
  if (fields !== undefined) {
    const list = asArray(fields);
    if (!list)
      errors.add([...path, 'fields'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    else {
      arrayLength(errors, [...path, 'fields'], list, 0, MESSAGE_LIMITS.embedFields);
      list.forEach((rawField, i) => {
        const field = asDict(rawField) ?? {};
        const fp = [...path, 'fields', i];
        boundedString(errors, [...fp, 'name'], field['name'], 1, MESSAGE_LIMITS.fieldName, true);
        boundedString(errors, [...fp, 'value'], field['value'], 1, MESSAGE_LIMITS.fieldValue, true);
        count(field['name']);
        count(field['value']);
      });
    }
  }
  const footer = asDict(embed['footer']);
  if (footer) {
    boundedString(errors, [...path, 'footer', 'text'], footer['text'], 1, MESSAGE_LIMITS.footerText, true);
    count(footer['text']);
    validateUrl(errors, [...path, 'footer', 'icon_url'], footer['icon_url']);
  }
  const author = asDict(embed['author']);
  if (author) {
    boundedString(errors, [...path, 'author', 'name'], author['name'], 1, MESSAGE_LIMITS.authorName, true);
    count(author['name']);
    validateUrl(errors, [...path, 'author', 'url'], author['url']);
    validateUrl(errors, [...path, 'author', 'icon_url'], author['icon_url']);
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = asDict(embed[key]);
    if (media) validateUrl(errors, [...path, key, 'url'], media['url']);
  }
  return total;
}

const SETTABLE_MESSAGE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export interface MessageBodyRules {
  /** Interaction responses and follow-ups may set Ephemeral (64). */
  allowEphemeral: boolean;
}

/** Validates the message fields of a create/edit body. Empty-message checks happen after merging. */
export function validateMessageBody(
  errors: FormErrors,
  path: Path,
  body: Dict,
  rules: MessageBodyRules,
): number {
  const content = body['content'];
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string')
      errors.add([...path, 'content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else maxLength(errors, [...path, 'content'], content, MESSAGE_LIMITS.content);
  }
  const flagsRaw = body['flags'];
  let flags = 0;
  if (flagsRaw !== undefined && flagsRaw !== null) {
    if (typeof flagsRaw !== 'number' || !Number.isInteger(flagsRaw)) {
      errors.add([...path, 'flags'], 'NUMBER_TYPE_COERCE', `Value "${String(flagsRaw)}" is not int.`);
    } else {
      flags = flagsRaw & (SETTABLE_MESSAGE_FLAGS | (rules.allowEphemeral ? MessageFlags.Ephemeral : 0));
    }
  }
  const componentsV2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  const embeds = body['embeds'];
  if (embeds !== undefined && embeds !== null) {
    const list = asArray(embeds);
    if (!list)
      errors.add([...path, 'embeds'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    else {
      arrayLength(errors, [...path, 'embeds'], list, 0, MESSAGE_LIMITS.embeds);
      let total = 0;
      list.forEach((embed, i) => {
        total += validateEmbed(errors, [...path, 'embeds', i], embed);
      });
      if (total > MESSAGE_LIMITS.embedTotal) {
        errors.add(
          [...path, 'embeds'],
          'MAX_EMBED_SIZE_EXCEEDED',
          `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedTotal}`,
        );
      }
      if (componentsV2 && list.length > 0) {
        errors.add(
          [...path, 'embeds'],
          'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
          "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        );
      }
    }
  }
  if (componentsV2 && typeof content === 'string' && content.length > 0) {
    errors.add(
      [...path, 'content'],
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    );
  }
  validateMessageComponents(errors, [...path, 'components'], body['components'], componentsV2);
  validateAllowedMentions(errors, [...path, 'allowed_mentions'], body['allowed_mentions']);
  validateAttachments(errors, [...path, 'attachments'], body['attachments']);
  return flags;
}

/** Discord's limits on a message's attachment list: 10 files, alt text (`description`) of 1024 characters. */
export const ATTACHMENT_LIMITS = { count: 10, description: 1024 } as const;

function validateAttachments(errors: FormErrors, path: Path, raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const list = asArray(raw);
  if (!list) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  arrayLength(errors, path, list, 0, ATTACHMENT_LIMITS.count);
  list.forEach((item, i) => {
    const attachment = asDict(item);
    if (!attachment) {
      errors.add([...path, i], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    if (attachment['id'] === undefined || attachment['id'] === null)
      errors.add([...path, i, 'id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    const description = attachment['description'];
    if (description !== undefined && description !== null && typeof description !== 'string')
      errors.add([...path, i, 'description'], 'BASE_TYPE_STRING', 'Must be a string.');
    maxLength(errors, [...path, i, 'description'], description, ATTACHMENT_LIMITS.description);
  });
}

function validateAllowedMentions(errors: FormErrors, path: Path, raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const am = asDict(raw);
  if (!am) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const parse = asArray(am['parse']) ?? [];
  parse.forEach((p, i) => {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errors.add(
        [...path, 'parse', i],
        'BASE_TYPE_CHOICES',
        "Value must be one of ('roles', 'users', 'everyone').",
      );
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    const list = asArray(am[kind]);
    if (list && list.length > 0 && parse.includes(kind)) {
      errors.add(
        [...path, 'parse'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
    if (list && list.length > 100)
      errors.add([...path, kind], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
}
