import { SendError, type Messenger, type OutgoingMessage } from '../discord/messenger.js';
import type { Logger } from '../logger.js';
import { participationImage, type InsightDeps } from '../services/insights.js';
import type { ChartRenderer } from '../render/charts/renderer.js';

export interface SummaryChartDeps extends Pick<InsightDeps, 'db'> {
  logger: Logger;
  messenger: Messenger;
  /** Absent where no renderer runs (some benches): the summary then goes without a chart. */
  charts?: ChartRenderer;
}

/**
 * Posts a check-in summary with the participation chart attached. The chart is a bonus: when it cannot
 * be drawn, when too few members take part, or when the channel refuses files (no Attach Files), the
 * summary goes without it rather than not at all.
 */
export async function sendSummaryWithChart(
  deps: SummaryChartDeps,
  guildId: string,
  channelId: string,
  message: OutgoingMessage,
  /** The chart ends with the round that opened at this time (the one summarised). */
  roundOpenedAt: Date,
  nonce?: string,
): Promise<string> {
  let chart: OutgoingMessage['files'];
  try {
    if (deps.charts) {
      const image = await participationImage({ db: deps.db, charts: deps.charts }, guildId, roundOpenedAt);
      if (image.kind === 'image')
        chart = [{ name: image.filename, data: image.png, description: image.altText }];
    }
  } catch (error) {
    deps.logger.warn({ err: error, guildId }, 'participation chart not drawn; summary goes without it');
  }
  if (!chart) return deps.messenger.send(channelId, message, nonce);
  try {
    return await deps.messenger.send(channelId, { ...message, files: chart }, nonce);
  } catch (error) {
    if (!(error instanceof SendError && error.kind === 'forbidden')) throw error;
    deps.logger.warn(
      { guildId, channelId },
      'summary chart refused (Attach Files?); posting the summary without it',
    );
    return deps.messenger.send(channelId, message, nonce);
  }
}
