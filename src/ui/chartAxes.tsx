import type { ReactNode } from 'react';

interface Props {
  /** The horizontal axis's title, under the plot. */
  x: ReactNode;
  /** The vertical axis's title, turned along the left edge. */
  y: ReactNode;
  /** The plot area in the chart's SVG coordinates. */
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  /** The baseline of the x title (the chart's height less a few pixels). */
  bottom: number;
  /** How far from the left edge the y title stands. */
  yInset?: number;
  /** More titles, e.g. a right-hand axis's. */
  children?: ReactNode;
}

/** Every hand-drawn chart's axis titles, in one size and colour (the charts are SVG written here, not recharts, where they draw canvases, markers or scales recharts does not offer). */
export function AxisTitles({ x, y, left, top, plotWidth, plotHeight, bottom, yInset = 16, children }: Props) {
  return (
    <g fontSize={13} fill="#3d4a5c" aria-hidden="true">
      <text x={left + plotWidth / 2} y={bottom} textAnchor="middle">
        {x}
      </text>
      <text transform={`translate(${yInset} ${top + plotHeight / 2}) rotate(-90)`} textAnchor="middle">
        {y}
      </text>
      {children}
    </g>
  );
}
