import { ConfusionPanel } from './ConfusionPanel';
import { LayerHealthPanel } from './LayerHealthPanel';
import { Staged } from './Staged';
import { WeightTiles } from './WeightTiles';

/**
 * Inside: which digits the network confuses (with the images behind each cell), what its first
 * layer learns, and how each layer's health went over the run. Mounted only while shown; the worker's frames wait in the store, so the view opens
 * on the current matrix and tiles.
 */
export function InsideView() {
  return (
    <div className="view inside-view">
      <Staged stage={1} minHeight={120}>
        <ConfusionPanel />
      </Staged>
      <Staged stage={2} minHeight={160}>
        <WeightTiles />
      </Staged>
      <Staged stage={2} minHeight={200}>
        <LayerHealthPanel />
      </Staged>
    </div>
  );
}
