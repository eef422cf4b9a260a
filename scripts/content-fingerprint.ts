/**
 * Rebuilds data/source-fingerprint.json from the source articles, which the repository does not hold.
 *   npm run content:fingerprint -- --seeds <dir>      (or set STEPWISE_SEEDS=<dir>)
 *   npm run content:fingerprint -- --seeds <dir> --check   exits 1 if the committed file is out of date
 * Where the maintainers keep the articles is written in the README ("Content and its sources"), not here.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import prettier from 'prettier';
import { buildFingerprint, UnknownAnchorError } from '../src/content/fingerprint.js';
import { defaultDataDir, SOURCE_FINGERPRINT_FILE } from '../src/content/load.js';
import { SourcesFileSchema } from '../src/domain/roadmap/schema.js';

function fail(message: string): never {
  console.error(`content:fingerprint: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { seeds: { type: 'string' }, check: { type: 'boolean', default: false } },
  strict: true,
});
const seedsArg = values.seeds ?? process.env.STEPWISE_SEEDS;
if (!seedsArg) {
  fail('say where the source articles are: --seeds <dir> or STEPWISE_SEEDS=<dir> (see the README).');
}
const seedsDir = path.resolve(seedsArg);
if (!existsSync(seedsDir) || !statSync(seedsDir).isDirectory()) {
  fail(`the seeds folder ${seedsDir} does not exist; pass the folder holding the articles (*.txt).`);
}
const articles = readdirSync(seedsDir)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((article) => ({ article, text: readFileSync(path.join(seedsDir, article), 'utf8') }));
if (articles.length === 0) fail(`${seedsDir} holds no articles (*.txt).`);

const dataDir = defaultDataDir();
const sources = SourcesFileSchema.safeParse(
  JSON.parse(readFileSync(path.join(dataDir, 'roadmap', 'sources.json'), 'utf8')),
);
if (!sources.success) fail('data/roadmap/sources.json is invalid; fix it first (npm test shows why).');
const missing = sources.data.filter((s) => !articles.some((a) => a.article === s.article));
if (missing.length > 0) {
  fail(
    `sources.json names articles not in ${seedsDir}: ${[...new Set(missing.map((s) => s.article))].join(', ')}`,
  );
}

let fingerprint: ReturnType<typeof buildFingerprint>;
try {
  fingerprint = buildFingerprint(articles, sources.data);
} catch (error) {
  if (error instanceof UnknownAnchorError) fail(error.message);
  throw error;
}
const target = path.join(dataDir, SOURCE_FINGERPRINT_FILE);
if (values.check) {
  // Compared as data, not text, so reformatting the file (prettier) does not make it look stale.
  const current = existsSync(target) ? JSON.stringify(JSON.parse(readFileSync(target, 'utf8'))) : '';
  if (current !== JSON.stringify(fingerprint))
    fail(`${target} is out of date; run without --check to rebuild it.`);
  console.log(`${target} is up to date (${articles.length} articles).`);
} else {
  // Written as prettier would, so `npm run lint` stays green after a rebuild.
  const options = (await prettier.resolveConfig(target)) ?? {};
  writeFileSync(target, await prettier.format(JSON.stringify(fingerprint), { ...options, filepath: target }));
  console.log(`Wrote ${target} from ${articles.length} articles in ${seedsDir}.`);
}
