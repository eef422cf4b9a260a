/** Piscina worker: draws one chart off the main thread, so rendering never delays interactions. */
import os from 'node:os';
import { drawChart, prepareRenderer } from './draw.js';
import type { ChartSpec } from './spec.js';

// On Linux a thread's nice value is its own: the drawing thread yields the CPU to the main thread (the
// interactions) when both want it. Lowering priority needs no privilege; where it is refused, draw anyway.
try {
  os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not allowed on this platform: charts just compete as equals.
}

prepareRenderer();

export default function render(spec: ChartSpec): Uint8Array {
  const png = drawChart(spec);
  // A plain Uint8Array over exactly the PNG's bytes, so the structured clone copies nothing more.
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
