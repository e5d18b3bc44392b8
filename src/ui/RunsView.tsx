import { RunsPanel } from './RunsPanel';
import { Staged } from './Staged';
import { WeightsPanel } from './WeightsPanel';

/** Runs: the runs kept in this browser, compared on one chart, and weights to and from PyTorch. */
export function RunsView() {
  return (
    <div className="view runs-view">
      <Staged stage={1} minHeight={200}>
        <RunsPanel />
      </Staged>
      <Staged stage={2}>
        <WeightsPanel />
      </Staged>
    </div>
  );
}
