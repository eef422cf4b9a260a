import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import type { Cleanups } from './process.js';

/** The bot's sources: what every compiled bot needs. */
const SOURCE_DIRS = ['src', 'commands'];

const projectRoot = path.resolve(import.meta.dirname, '..');

function listTs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Compiles the bot (src/, commands/) and `extraFiles` (paths from the project root) file by file to
 * JavaScript in `outDir`, with the project's compiler options but without type-checking (typecheck does
 * that), so it runs as `node dist/…` does in production. Under tsx every start spends seconds of CPU in its
 * loader thread and about 50 MB of RSS, which would be charged to the bot.
 */
export function compileBots(
  outDir: string,
  extraFiles: readonly string[] = [],
): { files: number; ms: number } {
  const started = performance.now();
  const configPath = path.join(projectRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, projectRoot);
  // Output paths are chosen below; rootDir/outDir would only make the compiler check them.
  const { rootDir: _rootDir, outDir: _outDir, ...rest } = options;
  // One file at a time the compiler cannot see package.json's "type": "module"; say ESM outright (the
  // output is what NodeNext emits for this ESM project).
  const compilerOptions: ts.CompilerOptions = {
    ...rest,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    sourceMap: false,
    declaration: false,
  };

  const files = [
    ...SOURCE_DIRS.flatMap((dir) => listTs(path.join(projectRoot, dir))),
    ...extraFiles.map((file) => path.join(projectRoot, file)),
  ];
  for (const file of files) {
    const relative = path.relative(projectRoot, file);
    const output = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: true,
    });
    const error = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (error)
      throw new Error(
        `cannot compile ${relative}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`,
      );
    const target = path.join(outDir, relative.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output.outputText);
  }
  // package.json marks the folder as ESM and as the project root, so the app finds data/ next to it.
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  fs.symlinkSync(path.join(projectRoot, 'data'), path.join(outDir, 'data'), 'dir');
  return { files: files.length, ms: performance.now() - started };
}

/**
 * The bot compiled once into a temporary folder (removed by the cleanups), for callers that start the
 * production entry point many times. Returns the entry point (`…/src/index.js`).
 */
export function compileBot(cleanups: Cleanups): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-compiled-'));
  cleanups.push(() => fs.rmSync(outDir, { recursive: true, force: true }));
  compileBots(outDir);
  return path.join(outDir, 'src', 'index.js');
}
