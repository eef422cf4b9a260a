import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { Cleanups } from './process-world.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['src', 'commands'];

function listTs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * The bot's sources (src/, commands/) compiled file by file to JavaScript in a temporary folder, as
 * `npm run build` emits them but without type-checking (typecheck does that). For tests that start the
 * production entry point many times: under tsx every start spends two to four seconds of CPU resolving and
 * transforming modules through its loader thread; as plain JavaScript it starts in well under one.
 * Returns the entry point (`…/src/index.js`); the folder is removed by the cleanups.
 */
export function compileBot(cleanups: Cleanups): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-compiled-'));
  cleanups.push(() => fs.rmSync(outDir, { recursive: true, force: true }));
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const { rootDir: _rootDir, outDir: _outDir, ...rest } = options;
  // File by file the compiler cannot see package.json's "type": "module": say ESM outright.
  const compilerOptions: ts.CompilerOptions = {
    ...rest,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    sourceMap: false,
    declaration: false,
  };
  for (const file of SOURCE_DIRS.flatMap((dir) => listTs(path.join(root, dir)))) {
    const relative = path.relative(root, file);
    const output = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
    });
    const target = path.join(outDir, relative.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output.outputText);
  }
  // package.json makes the folder ESM and the project root the bot looks for data/ in.
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  fs.symlinkSync(path.join(root, 'data'), path.join(outDir, 'data'), 'dir');
  return path.join(outDir, 'src', 'index.js');
}
