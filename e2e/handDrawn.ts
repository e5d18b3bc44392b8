// Digit shapes for the drawing tests, in pad units (0..1 across, 0..1 down).

/** An ellipse as a closed polyline, starting at the top (pad units). */
function ellipse(cx: number, cy: number, rx: number, ry: number, from = -Math.PI / 2, to = (3 * Math.PI) / 2): [number, number][] {
  return Array.from({ length: 25 }, (_, i) => {
    const a = from + ((to - from) * i) / 24;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as [number, number];
  });
}

/** The digits 0-9 as a person might draw them on the pad: big, centred-ish, in one or two strokes. */
export const HAND_DRAWN_DIGITS: [number, number][][][] = [
  [ellipse(0.5, 0.5, 0.2, 0.32)],
  [
    [
      [0.52, 0.18],
      [0.5, 0.82],
    ],
  ],
  [[...ellipse(0.5, 0.33, 0.18, 0.15, Math.PI, 2.1 * Math.PI), [0.3, 0.8], [0.74, 0.8]]],
  [[...ellipse(0.48, 0.33, 0.18, 0.15, -0.8 * Math.PI, 0.5 * Math.PI), ...ellipse(0.48, 0.63, 0.2, 0.17, -0.5 * Math.PI, 0.8 * Math.PI)]],
  [
    [
      [0.58, 0.18],
      [0.3, 0.6],
      [0.76, 0.6],
    ],
    [
      [0.6, 0.35],
      [0.6, 0.85],
    ],
  ],
  [[[0.7, 0.2], [0.38, 0.2], [0.35, 0.46], ...ellipse(0.5, 0.62, 0.2, 0.17, -0.6 * Math.PI, 0.8 * Math.PI)]],
  [[[0.62, 0.16], [0.45, 0.35], ...ellipse(0.5, 0.64, 0.16, 0.17, Math.PI, 3 * Math.PI)]],
  [
    [
      [0.3, 0.2],
      [0.72, 0.2],
      [0.45, 0.84],
    ],
  ],
  [[...ellipse(0.5, 0.32, 0.15, 0.14, 0.5 * Math.PI, 2.5 * Math.PI), ...ellipse(0.5, 0.64, 0.18, 0.18, -0.5 * Math.PI, 1.5 * Math.PI)]],
  [[...ellipse(0.5, 0.34, 0.16, 0.15, 0, 2 * Math.PI), [0.64, 0.84]]],
];
