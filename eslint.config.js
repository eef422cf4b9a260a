import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The bot never depends on what only runs it for tests, the playground or the bench (README, "Layout").
const notTheBotsTools = {
  regex: '(^|/)(fake-discord|launch|tests|playground|bench)/',
  message: 'src/ and commands/ never import the fake Discord, the launcher, tests, playground or bench.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layers (README, "Layout"): dependencies point down only, so nobody has to remember it. A file gets the
  // last block that names no-restricted-imports, so each block repeats notTheBotsTools.
  {
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notTheBotsTools] }] },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(discord\\.js|@discordjs/.*|kysely|pg|better-sqlite3|node-cron)$',
              message: 'The domain is pure: no Discord, SQL or scheduling libraries.',
            },
            {
              regex: '(^|/)(db|discord|services|scheduler|instance|render)/',
              message: 'The domain imports only zod, luxon and itself.',
            },
            notTheBotsTools,
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(discord\\.js|@discordjs/.*)$|(^|/)discord/',
              message:
                'Services know nothing of Discord: return results or throw a Refusal; render words them.',
            },
            notTheBotsTools,
          ],
        },
      ],
    },
  },
  {
    files: ['src/discord/render/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)db/',
              message: 'Render knows views (domain types), not rows.',
            },
            notTheBotsTools,
          ],
        },
      ],
    },
  },
  {
    files: ['commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src/(db|scheduler)/',
              message:
                'Commands call services, render and src/discord helpers; never the database or the scheduler.',
            },
            notTheBotsTools,
          ],
        },
      ],
    },
  },
);
