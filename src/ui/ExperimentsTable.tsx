import { memo } from 'react';
import { raceTagText, valueText, type Column, type ExperimentRow, type SortOrder } from '../store/experiments';

interface Props {
  rows: ExperimentRow[];
  columns: Column[];
  sort: SortOrder | null;
  onSort(key: Column['key']): void;
  selectedRunId: string | null;
  onSelect(runId: string): void;
}

/** When a run began, short: the table's first column stays narrow on a phone. */
const shortDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

const cell = (row: ExperimentRow, column: Column): string => {
  const value = row.values[column.key];
  if (value === null) return '–';
  switch (column.key) {
    case 'finalLoss':
      return (value as number).toFixed(4);
    case 'testAccuracy':
      return (value as number).toFixed(2);
    case 'seconds':
      return (value as number).toFixed(1);
    default:
      return valueText(value);
  }
};

/**
 * Stored runs as a table of experiments: a column per setting that differs among them and one
 * per result, sorted by clicking a column's header (a button: Enter or Space from the keyboard);
 * each run's name is a button that selects it, as clicking its point on the chart does.
 */
export const ExperimentsTable = memo(function ExperimentsTable({ rows, columns, sort, onSort, selectedRunId, onSelect }: Props) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Experiments table (scrolls sideways)">
      <table className="experiments-table" aria-label="Experiments">
        <caption>
          {rows.length} run{rows.length === 1 ? '' : 's'}
          {sort ? `, sorted by ${columns.find((c) => c.key === sort.key)?.label.toLowerCase()} (${sort.direction})` : ', newest first'}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="run-column">
              Run
            </th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.kind} aria-sort={sort?.key === c.key ? sort.direction : undefined} data-key={c.key}>
                <button type="button" className="sort" onClick={() => onSort(c.key)}>
                  {c.label}
                  <span aria-hidden="true" className="sort-mark">
                    {sort?.key === c.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const selected = row.run.id === selectedRunId;
            const race = raceTagText(row.run);
            return (
              <tr
                key={row.run.id}
                className={selected ? 'selected' : undefined}
                aria-current={selected ? 'true' : undefined}
                data-run-id={row.run.id}
              >
                <th scope="row" className="run-column">
                  <button type="button" className="run-pick" aria-pressed={selected} onClick={() => onSelect(row.run.id)}>
                    {shortDate(row.run.startedAt)}
                    {race && <span className="run-race">{race}</span>}
                  </button>
                  {row.run.ending !== 'finished' && <span className={`run-end ${row.run.ending}`}>{row.run.ending}</span>}
                </th>
                {columns.map((c) => (
                  <td key={c.key} data-key={c.key} data-value={row.values[c.key] ?? ''} className={c.numeric ? 'number' : undefined}>
                    {cell(row, c)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
