/** One palette so every reply looks alike. */
export const Colors = {
  brand: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
  neutral: 0x99aab5,
} as const;

export const FOOTER = 'Stepwise · one step at a time towards your first backend job';

/** Cuts text to Discord's limits with an ellipsis, counting UTF-16 units as Discord does. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
