/**
 * A chart as plain, serialisable data: what the worker draws with Chart.js, and what the tests snapshot
 * instead of pixels. No functions in here, so it crosses the worker boundary as it is.
 */
export interface ChartSeries {
  readonly label: string;
  /** One value per label; null leaves a gap (a withheld week). */
  readonly data: ReadonlyArray<number | null>;
  readonly color: string;
  readonly kind: 'bar' | 'line';
  /** 'value' (left or bottom axis) or 'percent' (a 0–100 axis on the right). */
  readonly axis: 'value' | 'percent';
  /** Bars with the same stack id are stacked. */
  readonly stack?: string;
}

export interface ChartPanel {
  readonly heading: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** 'y' draws horizontal bars (long category names such as stage titles). */
  readonly indexAxis: 'x' | 'y';
  readonly valueTitle: string;
  /** Fixed top of the value axis (5 for STAR ratings); otherwise Chart.js picks it. */
  readonly valueMax?: number;
  /** Text shown in place of the plot when the panel has nothing to draw. */
  readonly emptyText?: string;
  /** Relative height of the panel on the card. */
  readonly weight: number;
}

export interface ChartSpec {
  readonly title: string;
  readonly panels: readonly ChartPanel[];
  /** Small print under the chart, e.g. why some weeks are blank. */
  readonly footnote?: string;
}

/** The card is opaque and dark, so the chart reads the same on Discord's dark and light themes. */
export const THEME = {
  background: '#2b2d31',
  text: '#f2f3f5',
  muted: '#b5bac1',
  grid: 'rgba(255, 255, 255, 0.10)',
  blurple: '#5865f2',
  green: '#57f287',
  yellow: '#fee75c',
  red: '#ed4245',
  fuchsia: '#eb459e',
  grey: '#80848e',
} as const;

/** A chart with its words: the one-line reading shown in the message and the attachment's alt text. */
export interface ChartPicture {
  readonly spec: ChartSpec;
  readonly reading: string;
  readonly altText: string;
  readonly filename: string;
}

/** Discord's limit for an attachment's description (alt text). */
export const ALT_TEXT_MAX = 1024;
