import { useId } from "react";

export interface BarDatum {
  /** Axis label, e.g. "11-26". */
  label: string;
  /** Full label for the table and screen readers, e.g. "26 November 2026". */
  longLabel: string;
  value: number;
}

/**
 * A bar chart drawn as server-rendered SVG (no JavaScript, no inline styles — the CSP forbids them),
 * described for assistive technology by its title, with the same numbers in a table beneath.
 */
export function BarChart({
  title,
  data,
  valueLabel,
  tableCaption,
  labelHeader = tableCaption,
  width = 640,
  height = 200,
}: {
  title: string;
  data: BarDatum[];
  valueLabel: string;
  tableCaption: string;
  /** Header of the label column in the table (defaults to `tableCaption`). */
  labelHeader?: string;
  width?: number;
  height?: number;
}) {
  const id = useId();
  const max = Math.max(1, ...data.map((d) => d.value));
  const padding = { top: 16, bottom: 28, left: 36, right: 8 };
  const plotWidth = width - padding.left - padding.right;
  const plotHeight = height - padding.top - padding.bottom;
  const step = data.length ? plotWidth / data.length : plotWidth;
  const barWidth = Math.max(2, step * 0.7);
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  return (
    <figure className="portal-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="portal-chart-svg"
        role="img"
        aria-labelledby={`${id}-title`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <line
          x1={padding.left}
          x2={width - padding.right}
          y1={padding.top + plotHeight}
          y2={padding.top + plotHeight}
          className="portal-chart-axis"
        />
        <text x={padding.left - 6} y={padding.top + 4} textAnchor="end" className="portal-chart-tick">
          {max}
        </text>
        <text x={padding.left - 6} y={padding.top + plotHeight} textAnchor="end" className="portal-chart-tick">
          0
        </text>
        {data.map((d, i) => {
          const h = (d.value / max) * plotHeight;
          const x = padding.left + i * step + (step - barWidth) / 2;
          return (
            <g key={d.longLabel}>
              <rect x={x} y={padding.top + plotHeight - h} width={barWidth} height={h} className="portal-chart-bar">
                <title>{`${d.longLabel}: ${d.value}`}</title>
              </rect>
              {i % labelEvery === 0 ? (
                <text x={x + barWidth / 2} y={height - 8} textAnchor="middle" className="portal-chart-tick">
                  {d.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="portal-chart-data">
        <summary>{tableCaption}</summary>
        <table className="krds-table portal-table">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.longLabel}>
                <th scope="row">{d.longLabel}</th>
                <td>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
