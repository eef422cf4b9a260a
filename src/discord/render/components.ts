import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APISelectMenuOption,
  type APIStringSelectComponent,
} from 'discord.js';
import { clip } from './theme.js';

export type MessageRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export function button(
  customId: string,
  label: string,
  options: { style?: ButtonStyle; emoji?: string; disabled?: boolean } = {},
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: clip(label, 80),
    style: (options.style ?? ButtonStyle.Secondary) as APIButtonComponentWithCustomId['style'],
    ...(options.emoji ? { emoji: { name: options.emoji } } : {}),
    ...(options.disabled ? { disabled: true } : {}),
  };
}

export function select(
  customId: string,
  placeholder: string,
  options: readonly APISelectMenuOption[],
): APIStringSelectComponent {
  return {
    type: ComponentType.StringSelect,
    custom_id: customId,
    placeholder: clip(placeholder, 150),
    // Discord allows 25 options; callers keep within it, this guards against a content change.
    options: options.slice(0, 25).map((option) => ({
      ...option,
      label: clip(option.label, 100),
      ...(option.description ? { description: clip(option.description, 100) } : {}),
    })),
  };
}

export function row(...components: APIComponentInMessageActionRow[]): MessageRow {
  return { type: ComponentType.ActionRow, components };
}
