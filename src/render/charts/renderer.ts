import { Piscina } from 'piscina';
import type { ChartSpec } from './spec.js';

const RENDER_TIMEOUT_MS = 15_000;

export interface ChartRenderer {
  /** PNG bytes of the chart. */
  render(spec: ChartSpec): Promise<Buffer>;
  close(): Promise<void>;
}

export interface ChartRendererOptions {
  /** Worker threads drawing at once (default 1: the machine has few cores and charts are rare). */
  threads?: number;
  /** An idle worker exits after this long, giving its memory back (default 60 s). */
  idleTimeoutMs?: number;
}

/**
 * Draws charts in a worker thread (piscina pool): Skia's drawing is synchronous and takes tens of
 * milliseconds, which on the main thread would hold up every interaction waiting behind it. The worker
 * starts on the first chart and stops when idle, so a bot that never draws pays nothing.
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  // Compiled, the worker sits beside this file as .js; run from source (tests, playground) it is .ts,
  // loaded through tsx like the rest.
  const fromSource = import.meta.url.endsWith('.ts');
  const pool = new Piscina({
    filename: new URL(`./worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    minThreads: 0,
    maxThreads: options.threads ?? 1,
    idleTimeout: options.idleTimeoutMs ?? 60_000,
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  return {
    async render(spec) {
      // A chart takes tens of milliseconds; one that takes this long is stuck: piscina ends its thread.
      const bytes = (await pool.run(spec, { signal: AbortSignal.timeout(RENDER_TIMEOUT_MS) })) as Uint8Array;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async close() {
      await pool.destroy();
    },
  };
}
