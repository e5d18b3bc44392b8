import { useState } from 'react';
import { ExperimentsPanel } from './ExperimentsPanel';
import { RunsPanel } from './RunsPanel';
import { Staged } from './Staged';
import { WeightsPanel } from './WeightsPanel';
import './race.css';

/**
 * Runs: the runs kept in this browser, compared on one chart, read as a table of experiments, and
 * weights to and from PyTorch. A run selected in the experiments is marked in the list too.
 */
export function RunsView() {
  const [selectedRunId, setSelectedRunId] = useState<string | null>(null);
  return (
    <div className="view runs-view">
      <Staged stage={1} minHeight={200}>
        <RunsPanel selectedRunId={selectedRunId} />
      </Staged>
      <Staged stage={2}>
        <ExperimentsPanel selectedRunId={selectedRunId} onSelect={(id) => setSelectedRunId((s) => (s === id ? null : id))} />
      </Staged>
      <Staged stage={2}>
        <WeightsPanel />
      </Staged>
    </div>
  );
}
