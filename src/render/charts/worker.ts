/** Piscina worker: draws one chart off the main thread, so rendering never delays interactions. */
import { drawChart, prepareRenderer } from './draw.js';
import type { ChartSpec } from './spec.js';

prepareRenderer();

export default function render(spec: ChartSpec): Uint8Array {
  const png = drawChart(spec);
  // A plain Uint8Array over exactly the PNG's bytes, so the structured clone copies nothing more.
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
