import { memo } from 'react';
import type { EpochRow } from '../store/appStore';

/** The chapter's printout as a table: the mean batch loss of each epoch, and the test set after it. */
export const EpochTable = memo(function EpochTable({ rows }: { rows: EpochRow[] }) {
  return (
    <table className="epochs">
      <caption>Epoch losses</caption>
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Loss</th>
          <th scope="col">Test accuracy (%)</th>
          <th scope="col">Time (s)</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="empty">
              No epoch finished yet.
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr
              key={r.epoch}
              data-loss={r.loss}
              data-test-accuracy={r.testAccuracy ?? undefined}
              data-seconds={r.seconds}
              data-health-seconds={r.healthSeconds}
            >
              <td>{r.epoch}</td>
              <td>{r.loss.toFixed(4)}</td>
              <td>{r.testAccuracy === null ? '–' : (r.testAccuracy * 100).toFixed(2)}</td>
              <td>{r.seconds.toFixed(1)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
});
