import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../src/content/load.js';

// The image, `engines`, CI and the README must name the same runtimes: CI tests the Dockerfile's line
// (scripts/with-node.sh reads ARG NODE_VERSION), so a Dockerfile bumped past `engines` fails here first.
const root = findProjectRoot();
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

function imageMajor(): number {
  const match = /^ARG NODE_VERSION=(\d+)\s*$/m.exec(read('Dockerfile'));
  if (!match?.[1]) throw new Error('Dockerfile has no ARG NODE_VERSION=<major>');
  return Number(match[1]);
}

function engineMajors(): number[] {
  const pkg = JSON.parse(read('package.json')) as { engines?: { node?: string } };
  const range = pkg.engines?.node ?? '';
  return range.split('||').map((part) => {
    const match = /^\s*\^(\d+)\.\d+\.\d+\s*$/.exec(part);
    if (!match?.[1]) throw new Error(`engines.node part "${part}" is not of the form ^major.minor.patch`);
    return Number(match[1]);
  });
}

describe('supported runtimes', () => {
  it('builds and runs the image on the ARG NODE_VERSION line, an LTS (even) major', () => {
    const froms = read('Dockerfile')
      .split('\n')
      .filter((line) => line.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim\b/);
    expect(imageMajor() % 2).toBe(0);
    expect(imageMajor()).toBeGreaterThanOrEqual(24);
  });

  it('lists the image line and the runtime running these tests in engines', () => {
    const majors = engineMajors();
    expect(majors).toContain(imageMajor());
    expect(majors).toContain(Number(process.versions.node.split('.')[0]));
  });

  it('runs CI on both lines and says so in the README', () => {
    const ci = read('.ci/run');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run test:image-node$/m);
    expect(read('package.json')).toContain('"test:image-node": "bash scripts/with-node.sh image npm test"');
    const readme = read('README.md');
    for (const major of engineMajors()) expect(readme).toContain(`Node.js ${major}`);
  });
});
