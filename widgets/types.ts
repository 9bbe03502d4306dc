/** Types shared by the widgets. */

/** A MIME bundle: MIME type → data (string for text types, JSON for +json types). */
export type MimeBundle = Record<string, unknown>;

/** A plotly figure as `application/vnd.plotly.v1+json` carries it. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}
