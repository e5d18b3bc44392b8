import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useAppStore, type AppState } from '../store/appStore';
import {
  defaultAxis,
  experimentRows,
  nextSort,
  raceTagText,
  rowName,
  scatterPoints,
  sortRows,
  tableColumns,
  type ColumnKey,
  type SettingKey,
  type SortOrder,
} from '../store/experiments';
import { ExperimentsScatter } from './ExperimentsScatter';
import { ExperimentsTable } from './ExperimentsTable';

const selectRuns = (s: AppState) => s.history.runs;
const NO_COLOUR = 'none';

interface Props {
  selectedRunId: string | null;
  onSelect(runId: string): void;
}

/**
 * The stored runs as experiments (TensorBoard's HParams, W&B's sweeps): a sortable table with a
 * column per setting that differs among them and one per result, and test accuracy against a
 * setting of one's choice, coloured by another, each race's points joined in its order.
 */
export function ExperimentsPanel({ selectedRunId, onSelect }: Props) {
  const runs = useDeferredValue(useAppStore(selectRuns));
  const [sort, setSort] = useState<SortOrder | null>(null);
  const [chosenX, setChosenX] = useState<SettingKey | null>(null);
  const [chosenColour, setChosenColour] = useState<SettingKey | typeof NO_COLOUR | null>(null);
  const ids = { x: useId(), colour: useId(), title: useId() };

  const rows = useMemo(() => experimentRows(runs), [runs]);
  const columns = useMemo(() => tableColumns(rows), [rows]);
  const settings = useMemo(() => columns.filter((c) => c.kind === 'setting'), [columns]);
  const sorted = useMemo(() => sortRows(rows, sort && columns.some((c) => c.key === sort.key) ? sort : null), [rows, columns, sort]);
  const { x, colour, colourChoices } = useMemo(() => {
    const xKey = chosenX && settings.some((c) => c.key === chosenX) ? chosenX : defaultAxis(columns);
    const colourChoices = settings.filter((c) => c.key !== xKey);
    // Coloured by the first other setting that differs, until one chooses.
    const colour =
      chosenColour === NO_COLOUR
        ? null
        : (colourChoices.find((c) => c.key === chosenColour) ?? (chosenColour === null ? (colourChoices[0] ?? null) : null));
    return { x: settings.find((c) => c.key === xKey) ?? null, colour, colourChoices };
  }, [settings, columns, chosenX, chosenColour]);
  const points = useMemo(
    () => (x ? scatterPoints(rows, x.key as SettingKey, (colour?.key as SettingKey | undefined) ?? null) : []),
    [rows, x, colour],
  );
  const names = useMemo(
    () => new Map(rows.map((r) => [r.run.id, [rowName(r, settings), raceTagText(r.run)].filter(Boolean).join(', ') || 'run'])),
    [rows, settings],
  );

  return (
    <section className="panel experiments" aria-labelledby="experiments-title">
      <h2 id="experiments-title">Experiments</h2>
      {rows.length === 0 ? (
        <p className="hint">No runs yet: each run you train or race becomes a row here.</p>
      ) : (
        <>
          <p className="hint">
            One row per stored run: a column for each setting that differs among them, then the results. Click a column’s header to sort by
            it; select a run here or on the chart to mark it in the list of runs.
          </p>
          <ExperimentsTable
            rows={sorted}
            columns={columns}
            sort={sort}
            onSort={(key: ColumnKey) => setSort((s) => nextSort(s, key))}
            selectedRunId={selectedRunId}
            onSelect={onSelect}
          />
          {x === null ? (
            <p className="hint">
              Every stored run has the same settings, so there is nothing to plot test accuracy against yet: race a setting, or train with
              another value.
            </p>
          ) : (
            <div className="scatter-block">
              <h3 id={ids.title}>Test accuracy against {x.label.toLowerCase()}</h3>
              <div className="compare-controls">
                <div className="field">
                  <label htmlFor={ids.x}>Setting on the x axis</label>
                  <select id={ids.x} value={x.key} onChange={(e) => setChosenX(e.target.value as SettingKey)}>
                    {settings.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={ids.colour}>Colour the points by</label>
                  <select
                    id={ids.colour}
                    value={colour?.key ?? NO_COLOUR}
                    onChange={(e) => setChosenColour(e.target.value as SettingKey | typeof NO_COLOUR)}
                  >
                    <option value={NO_COLOUR}>nothing (one colour)</option>
                    {colourChoices.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <ExperimentsScatter
                points={points}
                x={x}
                colour={colour}
                names={names}
                labelledBy={ids.title}
                selectedRunId={selectedRunId}
                onSelect={onSelect}
              />
              <p className="hint">
                {points.length} of {rows.length} runs have a test accuracy and a value of {x.short}
                {x.log ? ', on a log scale' : ''}. Click a point, or Tab to the chart, move with the arrow keys and press Enter, to select
                its run in the table and the list.
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
