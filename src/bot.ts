import { Events, type Client } from 'discord.js';
import { commands as defaultCommands } from '../commands/index.js';
import { systemClock, type Clock } from './clock.js';
import { shardOptionsOf, type Config } from './config.js';
import { describeDatabase, openConfiguredDatabase, type DatabaseHandle } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { reconcileGuilds, recordGuildJoined, recordGuildLeft } from './db/repositories/guilds.js';
import { createDiscordClient, createOutboundRest } from './discord/client.js';
import type { CommandModule } from './discord/command.js';
import type { AppContext } from './discord/context.js';
import { Dispatcher } from './discord/dispatcher.js';
import { Messenger } from './discord/messenger.js';
import { MemberPresence } from './discord/presence.js';
import { syncCommands } from './discord/registration.js';
import { loadQuestionBank, loadRoadmap } from './content/load.js';
import type { Logger } from './logger.js';
import { checkinJob, checkinWork } from './scheduler/checkin-rounds.js';
import { interviewJob, interviewWork } from './scheduler/interview-rounds.js';
import { RestThreadApi } from './discord/threads.js';
import { retentionJob } from './scheduler/retention.js';
import { Scheduler } from './scheduler/scheduler.js';
import { WorkEngine } from './scheduler/work-engine.js';
import type { WorkQueue } from './services/work.js';
import { startHealthServer } from './health.js';
import { createChartRenderer } from './render/charts/renderer.js';
import { defaultInstanceId } from './instance/lease.js';
import { ShardLeases } from './instance/shard-leases.js';
import { shardOf, type ShardScope } from './domain/shards/shards.js';

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Defaults to every command in commands/index.ts. */
  commands?: readonly CommandModule[];
  /** How long shutdown waits for in-flight interactions. */
  drainTimeoutMs?: number;
  /** Start the cron timers (default true). Tests and the playground drive `scheduler.tick()` themselves. */
  startTimers?: boolean;
}

export interface Bot {
  client: Client<true>;
  database: DatabaseHandle;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  /** Runs every unit of scheduled and fan-out work (work_item rows). */
  work: WorkEngine;
  context: AppContext;
  applicationId: string;
  /**
   * Per shard this process connected: active (answers and runs the scheduled work of that shard's servers)
   * or standby (another process holds that shard's lease).
   */
  lease: ShardLeases;
  /** Stops taking work, lets in-flight work finish, closes the gateway and the database. */
  stop(reason?: string): Promise<void>;
}

/** Start-up as production runs it: database → migrations → client → login → commands. */
export async function startBot(options: StartOptions): Promise<Bot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const commands = options.commands ?? defaultCommands;

  // Broken content stops start-up with the file and path named, before anything connects.
  const roadmap = loadRoadmap();
  const questions = loadQuestionBank();
  const database = openConfiguredDatabase(config, (err) =>
    logger.warn({ err }, 'a database connection broke while idle; it will be replaced'),
  );
  logger.info({ database: describeDatabase(config) }, 'using the database');
  // No thread starts until the first chart is asked for.
  const charts = createChartRenderer();
  let client: Client | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0)
      logger.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');

    const discord = createDiscordClient({
      apiUrl: config.DISCORD_API_URL,
      membersIntent: config.DISCORD_MEMBERS_INTENT,
      globalRequestsPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT,
      sharding: shardOptionsOf(config),
    });
    // Scheduled sends on their own REST client, so interaction answers never queue behind a round.
    const outboundRest = createOutboundRest({
      apiUrl: config.DISCORD_API_URL,
      token: config.DISCORD_TOKEN,
      globalRequestsPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT,
    });
    const messenger = new Messenger(outboundRest);
    let shuttingDown = false;
    // The leases are made once the client is ready (the shards are known then); until then nothing is active.
    const leaseRef: { current?: ShardLeases } = {};
    // The shards this process serves now (those whose lease it holds), read afresh on every use.
    const activeShards: ShardScope = {
      get count() {
        return leaseRef.current?.scope.count ?? 1;
      },
      get ids() {
        return leaseRef.current?.activeShardIds() ?? [];
      },
    };
    // One id for this process, for the shard leases and the work it claims.
    const owner = defaultInstanceId();
    // The engine is made once the handlers exist; they reach it through this queue.
    const engineRef: { current?: WorkEngine } = {};
    const work: WorkQueue = {
      enqueue: async (items) => {
        if (!engineRef.current) throw new Error('the work engine is not running yet');
        await engineRef.current.enqueue(items);
      },
      kick: () => engineRef.current?.kick(),
    };
    client = discord;
    const context: AppContext = {
      db: database.db,
      config,
      logger,
      clock,
      roadmap,
      questions,
      commandDefinitions: commands.map((command) => command.data),
      messenger,
      presence: new MemberPresence(database.db, messenger, config.DISCORD_MEMBERS_INTENT),
      charts,
      work,
      shouldStop: () => shuttingDown || !(leaseRef.current?.anyActive() ?? false),
      scope: activeShards,
      guildName: (guildId) => discord.guilds.cache.get(guildId)?.name ?? 'your server',
    };
    // Discord routes a server's interactions to its shard only; with a standby on that shard both receive it.
    const dispatcher = new Dispatcher(commands, context, (interaction) =>
      Boolean(leaseRef.current?.servesGuild(interaction.guildId)),
    );
    const engine = new WorkEngine({
      db: database.db,
      logger,
      clock,
      owner,
      kinds: [
        ...checkinWork(context),
        ...interviewWork({ ...context, threads: new RestThreadApi(outboundRest) }),
      ],
      // Half the instance lease: a dead owner's items have expired by the time a successor takes over its
      // instance lease (the holder renews both while alive, so it keeps what it is finishing).
      leaseMs: (config.INSTANCE_LEASE_SECONDS * 1000) / 2,
      // Claims only the work of servers on the shards this process is active for.
      scope: activeShards,
      shouldStop: context.shouldStop,
    });
    engineRef.current = engine;
    const scheduler = new Scheduler(
      [
        checkinJob(context),
        interviewJob(context),
        // node-cron only wakes the engine; what is due lives in the database. After the planning jobs,
        // so that a tick runs the work they planned, and before retention, which deletes what work is for.
        { name: 'work', cron: '* * * * *', run: () => engine.runDue() },
        retentionJob({
          db: database.db,
          logger,
          retentionDays: config.DATA_RETENTION_DAYS,
          presence: context.presence,
          scope: activeShards,
        }),
      ],
      { logger, clock },
    );
    // Nothing runs until this instance holds the lease.
    await scheduler.pause();
    wireEvents(discord, dispatcher, context, (guildId) => Boolean(leaseRef.current?.servesGuild(guildId)));

    const ready = new Promise<Client<true>>((resolve) => discord.once(Events.ClientReady, resolve));
    await discord.login(config.DISCORD_TOKEN);
    const readyClient = await ready;
    const applicationId = config.DISCORD_APPLICATION_ID ?? readyClient.application.id;
    // discord.js settles 'auto' into the recommended count and the shard ids once connected.
    const shards = { count: readyClient.options.shardCount ?? 1, ids: [...readyClient.ws.shards.keys()] };
    logger.info(
      { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, shards },
      'connected to Discord',
    );

    let commandsSynced = false;
    // What only the active instance does: a standby would race it (or an older version of it, mid-deploy).
    const onShard = (shardId: number) => (guildId: string) =>
      shards.count <= 1 || shardOf(guildId, shards.count) === shardId;
    const becomeActive = async (shardId: number) => {
      // Only this shard's servers: the others are another process's to reconcile.
      const present = [...readyClient.guilds.cache.keys()].filter(onShard(shardId));
      const gone = await reconcileGuilds(database.db, present, clock.now(), onShard(shardId));
      if (gone.length) logger.info({ guilds: gone, shardId }, 'removed from servers while offline');
      // Commands are the application's, not a shard's: shard 0's active process registers them.
      if (shardId === 0 && !commandsSynced) {
        await syncCommands(
          readyClient.rest,
          { applicationId, guildId: config.DISCORD_GUILD_ID },
          context.commandDefinitions,
          logger,
        );
        commandsSynced = true;
      }
      if (options.startTimers ?? true) {
        scheduler.start();
        // Catch up on whatever fell due while no instance was active.
        void scheduler.tick();
      } else scheduler.resume();
    };
    const activeLease = new ShardLeases({
      db: database.db,
      logger,
      ttlMs: config.INSTANCE_LEASE_SECONDS * 1000,
      owner,
      scope: shards,
      onActive: becomeActive,
      // The rounds of a lost shard's servers stop claiming (servesGuild); nothing left to do: stop the timers.
      onLost: async () => {
        if (!activeLease.anyActive()) await scheduler.pause();
      },
    });
    leaseRef.current = activeLease;

    const health = config.HEALTH_PORT
      ? await startHealthServer(config.HEALTH_PORT, readyClient, database.db, activeLease, config.HEALTH_HOST)
      : undefined;
    if (health)
      logger.info({ host: config.HEALTH_HOST, port: config.HEALTH_PORT }, 'health endpoint listening');

    // Resolves active, or standby while another instance holds the lease (it keeps trying in the background).
    await activeLease.start();

    let stopping: Promise<void> | undefined;
    const stop = (reason = 'stop requested') =>
      (stopping ??= (async () => {
        logger.info({ reason, inFlight: dispatcher.inFlightCount }, 'shutting down');
        // Within docker stop's 10 s: rounds stop claiming deliveries at once and finish the sends in flight
        // (what is left stays recorded for the next active instance); interactions get a few seconds.
        shuttingDown = true;
        dispatcher.stopAccepting();
        await scheduler.stop();
        await engine.stop();
        await new Promise<void>((resolve) => (health ? health.close(() => resolve()) : resolve()));
        const drained = await dispatcher.drain(options.drainTimeoutMs ?? 4_000);
        if (!drained) logger.warn('some interactions were still running at shutdown');
        // Last, once our work has settled: a standby takes over within a second.
        await activeLease.release();
        await readyClient.destroy();
        await charts.close();
        await database.close();
        logger.info('stopped');
      })());

    return {
      client: readyClient,
      database,
      dispatcher,
      scheduler,
      work: engine,
      context,
      applicationId,
      lease: activeLease,
      stop,
    };
  } catch (error) {
    await client?.destroy();
    await charts.close();
    await database.close();
    throw error;
  }
}

function wireEvents(
  client: Client,
  dispatcher: Dispatcher,
  ctx: AppContext,
  isActive: (guildId: string) => boolean,
): void {
  client.on(Events.InteractionCreate, (interaction) => void dispatcher.handle(interaction));
  // A standby writes nothing here; the active instance reconciles the server list when it takes over.
  client.on(Events.GuildCreate, (guild) => {
    if (!isActive(guild.id)) return;
    recordGuildJoined(ctx.db, guild.id, ctx.clock.now()).catch((err: unknown) =>
      ctx.logger.error({ err, guildId: guild.id }, 'could not record the server join'),
    );
  });
  client.on(Events.GuildDelete, (guild) => {
    // An outage also sends GUILD_DELETE, marked unavailable: that is not a removal.
    if (!guild.available || !isActive(guild.id)) return;
    recordGuildLeft(ctx.db, guild.id, ctx.clock.now()).catch((err: unknown) =>
      ctx.logger.error({ err, guildId: guild.id }, 'could not record the server removal'),
    );
  });
  // Only with the Server Members intent (DISCORD_MEMBERS_INTENT); otherwise rounds ask Discord per member.
  client.on(Events.GuildMemberRemove, (member) => {
    ctx.presence
      .left(member.guild.id, member.id, ctx.clock.now())
      .catch((err: unknown) =>
        ctx.logger.error({ err, guildId: member.guild.id }, 'could not record a member leaving'),
      );
  });
  client.on(Events.GuildMemberAdd, (member) => {
    ctx.presence
      .joined(member.guild.id, member.id)
      .catch((err: unknown) =>
        ctx.logger.error({ err, guildId: member.guild.id }, 'could not record a member joining'),
      );
  });
  client.on(Events.ShardDisconnect, (event, shardId) =>
    ctx.logger.warn({ code: event.code, shardId }, 'gateway disconnected'),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    ctx.logger.info({ shardId, replayed }, 'gateway resumed'),
  );
  client.on(Events.Error, (err) => ctx.logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => ctx.logger.warn({ message }, 'discord client warning'));
}
