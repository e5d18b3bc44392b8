import { Controls } from './Controls';
import { LossPanel } from './LossPanel';
import { RacePanel } from './RacePanel';
import { Staged } from './Staged';
import { StatusPanel } from './StatusPanel';

/**
 * Train: the settings, the live loss chart with the epoch table, then the backend and speed. At
 * 1400×1000 the settings, the run bar and the whole chart fit the first screen.
 */
export function TrainView() {
  return (
    <div className="view train-view">
      <Controls />
      <div className="center">
        <Staged stage={1} minHeight={420}>
          <LossPanel />
        </Staged>
        <StatusPanel />
        <RacePanel />
      </div>
    </div>
  );
}
