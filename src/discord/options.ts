import { ComponentType, type ModalSubmitInteraction } from 'discord.js';
import { z } from 'zod';
import { UserFacingError } from './errors.js';

/** Discord user ids inside our own custom ids. */
export const SnowflakeSchema = z.string().regex(/^\d{17,20}$/);

/** Buttons on a card act for the member who opened it; anyone else is told so and nothing changes. */
export function assertOwner(ownerId: string, userId: string, what = 'card'): void {
  if (ownerId !== userId) {
    throw new UserFacingError(
      `This ${what} belongs to someone else. Run the command yourself to get your own.`,
    );
  }
}

/** Validates a slash-command option with zod and turns the first problem into a friendly reply. */
export function parseOption<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new UserFacingError(`**${label}:** ${result.error.issues[0]?.message ?? 'is not valid'}`);
}

/** A modal's text field, or '' when it is missing or not text (forged or from an older form). */
export function textField(interaction: ModalSubmitInteraction, customId: string): string {
  const field = interaction.fields.fields.get(customId);
  return field && field.type === ComponentType.TextInput && typeof field.value === 'string'
    ? field.value
    : '';
}

/**
 * A string option whose choices the definition lists from `values`: read back typed, without a cast.
 * Discord only sends offered choices, so anything else is a forged or outdated request, refused.
 */
export function choiceOption<const V extends readonly string[]>(
  interaction: { options: { getString(name: string): string | null } },
  name: string,
  values: V,
): V[number] | null {
  const raw = interaction.options.getString(name);
  if (raw === null) return null;
  if (!values.includes(raw)) throw new UserFacingError(`**${name}:** choose one of the offered values.`);
  return raw;
}

/** Like `choiceOption`, for a required option. */
export function requiredChoice<const V extends readonly string[]>(
  interaction: { options: { getString(name: string, required: true): string } },
  name: string,
  values: V,
): V[number] {
  const raw = interaction.options.getString(name, true);
  if (!values.includes(raw)) throw new UserFacingError(`**${name}:** choose one of the offered values.`);
  return raw;
}
