import { ChannelType, Routes, type APIThreadChannel, type REST } from 'discord.js';
import { classifySendError } from './messenger.js';

/** The few thread operations a round needs, over REST so they never depend on the gateway cache. */
export interface ThreadApi {
  createPrivateThread(channelId: string, name: string): Promise<string>;
  addMember(threadId: string, userId: string): Promise<void>;
  /** An active thread under `parentId` with exactly this name, if one exists. */
  findActiveThread(guildId: string, parentId: string, name: string): Promise<string | undefined>;
}

export class RestThreadApi implements ThreadApi {
  constructor(private readonly rest: REST) {}

  async createPrivateThread(channelId: string, name: string): Promise<string> {
    try {
      const thread = (await this.rest.post(Routes.threads(channelId), {
        body: {
          name,
          type: ChannelType.PrivateThread,
          // A week: the thread stays open for the whole round without anyone posting.
          auto_archive_duration: 10080,
          // Only the bot adds people: the pair should not be joined by onlookers.
          invitable: false,
        },
      })) as APIThreadChannel;
      return thread.id;
    } catch (error) {
      throw classifySendError(error);
    }
  }

  async addMember(threadId: string, userId: string): Promise<void> {
    try {
      await this.rest.put(Routes.threadMembers(threadId, userId));
    } catch (error) {
      throw classifySendError(error);
    }
  }

  async findActiveThread(guildId: string, parentId: string, name: string): Promise<string | undefined> {
    try {
      const { threads } = (await this.rest.get(Routes.guildActiveThreads(guildId))) as {
        threads: APIThreadChannel[];
      };
      return threads.find((t) => t.parent_id === parentId && t.name === name)?.id;
    } catch (error) {
      throw classifySendError(error);
    }
  }
}
