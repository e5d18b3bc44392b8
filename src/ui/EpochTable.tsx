interface Props {
  rows: { epoch: number; loss: number; seconds: number }[];
}

/** The chapter's printout as a table: the mean batch loss of each epoch. */
export function EpochTable({ rows }: Props) {
  return (
    <table className="epochs">
      <caption>Epoch losses</caption>
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Loss</th>
          <th scope="col">Time (s)</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={3} className="empty">
              No epoch finished yet.
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.epoch} data-loss={r.loss}>
              <td>{r.epoch}</td>
              <td>{r.loss.toFixed(4)}</td>
              <td>{r.seconds.toFixed(1)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
