import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartDataset } from 'chart.js';
import { THEME, type ChartPanel, type ChartSpec } from './spec.js';

/** Our own family name, so a system font called "Inter" (or none at all, in the slim image) never matters. */
export const FONT_FAMILY = 'Stepwise Inter';
const FONT_FILES = [
  'inter-latin-400-normal.woff2',
  'inter-latin-600-normal.woff2',
  'inter-latin-ext-400-normal.woff2',
  'inter-latin-ext-600-normal.woff2',
];

export const CARD_WIDTH = 960;
const PANEL_HEIGHT = 400;
const HEADER = 64;
const FOOTER = 40;
/** One pixel per layout unit: 960 px wide is twice what Discord shows inline, and drawing and PNG encoding stay fast. */
const SCALE = 1;

let ready = false;

/** Registers the font shipped in @fontsource/inter and Chart.js's components, once per thread. */
export function prepareRenderer(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    GlobalFonts.registerFromPath(require.resolve(`@fontsource/inter/files/${file}`), FONT_FAMILY);
  }
  if (!GlobalFonts.has(FONT_FAMILY)) throw new Error(`The chart font ${FONT_FAMILY} could not be loaded`);
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = THEME.muted;
  Chart.defaults.borderColor = THEME.grid;
  ready = true;
}

function chartConfig(panel: ChartPanel): ChartConfiguration {
  const horizontal = panel.indexAxis === 'y';
  const hasPercent = panel.series.some((s) => s.axis === 'percent');
  const datasets = panel.series.map(
    (s, i) =>
      ({
        type: s.kind,
        label: s.label,
        data: [...s.data],
        backgroundColor: s.color,
        borderColor: s.color,
        borderWidth: s.kind === 'line' ? 3 : 0,
        pointRadius: s.kind === 'line' ? 4 : 0,
        spanGaps: false,
        // A rate of 100% sits on the top edge: draw its points whole instead of clipping them.
        clip: s.kind === 'line' ? false : undefined,
        yAxisID: !horizontal && s.axis === 'percent' ? 'percent' : undefined,
        stack: s.stack ?? `own-${i}`,
        order: s.kind === 'line' ? 0 : 1,
        borderRadius: s.kind === 'bar' ? 3 : 0,
        maxBarThickness: 48,
      }) as ChartDataset,
  );
  const valueAxis = {
    beginAtZero: true,
    grace: '5%',
    ...(panel.valueMax !== undefined ? { max: panel.valueMax } : {}),
    title: { display: true, text: panel.valueTitle, color: THEME.muted },
    ticks: { precision: 0, color: THEME.muted },
    grid: { color: THEME.grid },
    stacked: panel.series.some((s) => s.stack !== undefined),
  };
  const categoryAxis = {
    ticks: { color: THEME.text, autoSkip: false },
    grid: { display: false },
    stacked: panel.series.some((s) => s.stack !== undefined),
  };
  return {
    type: 'bar',
    data: { labels: [...panel.labels], datasets },
    options: {
      indexAxis: panel.indexAxis,
      responsive: false,
      animation: false,
      devicePixelRatio: SCALE,
      layout: { padding: { left: 24, right: 24, top: 4, bottom: 8 } },
      scales: {
        x: horizontal ? valueAxis : categoryAxis,
        y: horizontal ? categoryAxis : valueAxis,
        ...(hasPercent && !horizontal
          ? {
              percent: {
                position: 'right' as const,
                min: 0,
                max: 100,
                title: { display: true, text: '%', color: THEME.muted },
                ticks: { color: THEME.muted },
                grid: { display: false },
              },
            }
          : {}),
      },
      plugins: {
        title: {
          display: true,
          text: panel.heading,
          color: THEME.text,
          align: 'start',
          font: { size: 16, weight: 600 },
        },
        legend: {
          display: panel.series.length > 1,
          position: 'top',
          align: 'end',
          labels: { color: THEME.text, boxWidth: 14 },
        },
        tooltip: { enabled: false },
      },
    },
  };
}

function drawPanel(ctx: SKRSContext2D, panel: ChartPanel, top: number, height: number): void {
  const empty = panel.series.length === 0 || panel.labels.length === 0;
  if (empty) {
    ctx.fillStyle = THEME.text;
    ctx.font = `600 16px "${FONT_FAMILY}"`;
    ctx.fillText(panel.heading, 24, top + 24);
    ctx.fillStyle = THEME.muted;
    ctx.font = `15px "${FONT_FAMILY}"`;
    ctx.fillText(panel.emptyText ?? 'Nothing to show yet.', 24, top + 60);
    return;
  }
  // Chart.js scales the canvas to devicePixelRatio itself: give it the layout size.
  const canvas = createCanvas(CARD_WIDTH, height);
  const chart = new Chart(
    canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0],
    chartConfig(panel),
  );
  try {
    ctx.drawImage(canvas, 0, top, CARD_WIDTH, height);
  } finally {
    chart.destroy();
  }
}

/** Draws a chart spec on an opaque card and returns the PNG bytes. */
export function drawChart(spec: ChartSpec): Buffer {
  prepareRenderer();
  const totalWeight = spec.panels.reduce((sum, p) => sum + p.weight, 0) || 1;
  const plotHeight = Math.round(PANEL_HEIGHT * Math.max(1, totalWeight * 0.85));
  const height = HEADER + plotHeight + (spec.footnote ? FOOTER : 16);
  const canvas = createCanvas(CARD_WIDTH * SCALE, height * SCALE);
  const ctx = canvas.getContext('2d');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, CARD_WIDTH, height);
  ctx.fillStyle = THEME.text;
  ctx.font = `600 24px "${FONT_FAMILY}"`;
  ctx.fillText(spec.title, 24, 40);
  ctx.fillStyle = THEME.muted;
  ctx.font = `14px "${FONT_FAMILY}"`;
  ctx.textAlign = 'right';
  ctx.fillText('Stepwise', CARD_WIDTH - 24, 40);
  ctx.textAlign = 'left';
  let top = HEADER;
  for (const panel of spec.panels) {
    const panelHeight = Math.round((plotHeight * panel.weight) / totalWeight);
    drawPanel(ctx, panel, top, panelHeight);
    top += panelHeight;
  }
  if (spec.footnote) {
    ctx.fillStyle = THEME.muted;
    ctx.font = `13px "${FONT_FAMILY}"`;
    ctx.fillText(spec.footnote, 24, height - 16);
  }
  return canvas.toBuffer('image/png');
}
