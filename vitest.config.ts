import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config';
import { postgresUnreachable, redactedUrl, TEST_SERVER_URL } from './tests/support/postgres-server.js';

/**
 * Two projects: `sqlite` runs every test; `postgres` runs the repository and integration tests again on
 * PostgreSQL (tests/support/databases.ts reads STEPWISE_TEST_DIALECT). Without a server the second is left
 * out with one line saying so, except under CI, where that is an error.
 */
export default defineConfig(async (): Promise<ViteUserConfig> => {
  // Vitest evaluates this file more than once per run (once per project): probe and warn only once.
  const probed = process.env.STEPWISE_POSTGRES_PROBE;
  const unreachable = probed === undefined ? await postgresUnreachable() : probed || undefined;
  if (probed !== undefined) return config(unreachable);
  process.env.STEPWISE_POSTGRES_PROBE = unreachable ?? '';
  if (unreachable && process.env.CI)
    throw new Error(
      `PostgreSQL is not reachable at ${redactedUrl(TEST_SERVER_URL)} (${unreachable}); CI runs every repository and integration test on it, so this is an error (TEST_POSTGRES_URL points elsewhere).`,
    );
  if (unreachable)
    console.warn(
      `PostgreSQL not reachable at ${redactedUrl(TEST_SERVER_URL)} (${unreachable}): PostgreSQL suites skipped; the SQLite ones run.`,
    );
  return config(unreachable);
});

/** Files that need PostgreSQL itself (processes sharing one database), not just a dialect to run on. */
const POSTGRES_ONLY = ['tests/e2e/shards.test.ts'];

function config(unreachable: string | undefined): ViteUserConfig {
  return {
    test: {
      environment: 'node',
      // End-to-end tests start real sockets and a real client; give them room but never hang forever.
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
      // Most end-to-end time is waiting (rate-limit windows, leases, processes starting): two files at once
      // roughly halve the run on two cores.
      maxWorkers: 2,
      reporters: ['default'],
      projects: [
        {
          extends: true as const,
          test: {
            name: 'sqlite',
            include: ['tests/**/*.test.ts'],
            // Shards share PostgreSQL by definition: that file runs in the postgres project only.
            exclude: [...configDefaults.exclude, ...POSTGRES_ONLY],
            env: { STEPWISE_TEST_DIALECT: 'sqlite' },
          },
        },
        ...(unreachable
          ? []
          : [
              {
                extends: true as const,
                test: {
                  name: 'postgres',
                  include: [
                    'tests/integration/**/*.test.ts',
                    // The bot end to end on PostgreSQL: the flows that write and read the most.
                    'tests/e2e/roadmap.test.ts',
                    // Not checkins.test.ts: its tests race the bot's start-up catch-up tick (real time, before the
                    // test sets the manual clock), which PostgreSQL's slower first queries lose under load.
                    'tests/e2e/interviews.test.ts',
                    'tests/e2e/interviews-reliability.test.ts',
                    'tests/e2e/insights.test.ts',
                    ...POSTGRES_ONLY,
                  ],
                  env: { STEPWISE_TEST_DIALECT: 'postgres' },
                  globalSetup: ['tests/support/postgres-setup.ts'],
                },
              },
            ]),
      ],
    },
  };
}
