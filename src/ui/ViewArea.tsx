import { memo, useDeferredValue } from 'react';
import { InsideView } from './InsideView';
import { RunsView } from './RunsView';
import { StepView } from './StepView';
import { TrainView } from './TrainView';
import { useView } from './useView';
import type { ViewId } from './views';

/** Only the view shown is mounted: the others' charts and canvases cost nothing while hidden. */
const CurrentView = memo(function CurrentView({ view }: { view: ViewId }) {
  switch (view) {
    case 'train':
      return <TrainView />;
    case 'inside':
      return <InsideView />;
    case 'step':
      return <StepView />;
    case 'runs':
      return <RunsView />;
  }
});

/**
 * The current view. The link's change is urgent (the navigation marks it at once); mounting the
 * new view is deferred, so React renders it in short background slices instead of one long task
 * while the worker's messages keep arriving.
 */
export function ViewArea() {
  const view = useDeferredValue(useView());
  return (
    <div className="view-area" data-view={view}>
      <CurrentView view={view} />
    </div>
  );
}
