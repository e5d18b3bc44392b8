import { memo } from 'react';
import type { GallerySelection } from '../worker/protocol';

interface Props {
  /** 10×10 counts, row = true digit, column = predicted digit. */
  counts: number[];
  onOpen(selection: GallerySelection): void;
}

const DIGITS = Array.from({ length: 10 }, (_, i) => i);
const CORRECT: [number, number, number] = [33, 102, 172];
const WRONG: [number, number, number] = [214, 96, 77];

/** A cell's background: white blended towards blue (correct) or red (a confusion) by its share of the row. */
function shade(share: number, diagonal: boolean): { background: string; color: string } {
  const base = diagonal ? CORRECT : WRONG;
  const rgb = base.map((c) => Math.round(255 + (c - 255) * Math.min(1, share)));
  const lin = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  // Black text from luminance 0.18 up, white below: both keep a contrast of at least 4.5:1.
  return { background: `rgb(${rgb.join(',')})`, color: luminance > 0.18 ? '#000' : '#fff' };
}

/** The test set's confusion matrix: counts shaded by row share, each non-empty cell opening its images. */
export const ConfusionMatrix = memo(function ConfusionMatrix({ counts, onOpen }: Props) {
  return (
    <table className="confusion">
      <caption>Confusion matrix</caption>
      <thead>
        <tr>
          <td className="corner">
            <span className="visually-hidden">rows: true digit; columns: predicted digit</span>
            <span aria-hidden="true">true ↓ predicted →</span>
          </td>
          {DIGITS.map((d) => (
            <th scope="col" key={d}>
              {d}
            </th>
          ))}
          <th scope="col" className="recall">
            Recall (%)
          </th>
        </tr>
      </thead>
      <tbody>
        {DIGITS.map((actual) => {
          const row = counts.slice(actual * 10, actual * 10 + 10);
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <tr key={actual}>
              <th scope="row">{actual}</th>
              {row.map((count, predicted) => {
                const style = count > 0 ? shade(total ? count / total : 0, actual === predicted) : undefined;
                return (
                  <td key={predicted} style={style} data-count={count}>
                    {count > 0 ? (
                      <button
                        type="button"
                        style={{ color: style!.color }}
                        onClick={() => onOpen({ actual, predicted })}
                        aria-label={`true ${actual}, predicted ${predicted}: ${count} image${count === 1 ? '' : 's'}`}
                      >
                        {count}
                      </button>
                    ) : (
                      <span className="zero">0</span>
                    )}
                  </td>
                );
              })}
              <td className="recall">{total ? ((100 * row[actual]) / total).toFixed(1) : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
