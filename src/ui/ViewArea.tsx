import { lazy, memo, Suspense, useDeferredValue } from 'react';
import { TrainView } from './TrainView';
import { useView } from './useView';
import type { ViewId } from './views';

// The Train view is the page's first screen; the others come in chunks of their own, fetched when
// the page is idle (preloadViews) so that a click finds them loaded, and never delay the first paint.
const loadInside = () => import('./InsideView');
const loadStep = () => import('./StepView');
const loadRuns = () => import('./RunsView');
const InsideView = lazy(() => loadInside().then((m) => ({ default: m.InsideView })));
const StepView = lazy(() => loadStep().then((m) => ({ default: m.StepView })));
const RunsView = lazy(() => loadRuns().then((m) => ({ default: m.RunsView })));

/** Fetches the other views' code in the background (called once the page is idle). */
export function preloadViews(): void {
  for (const load of [loadInside, loadStep, loadRuns]) {
    load().catch((error: unknown) => console.warn('A view could not be preloaded (it loads when opened):', error));
  }
}

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
      <Suspense fallback={<p className="hint">Loading the view…</p>}>
        <CurrentView view={view} />
      </Suspense>
    </div>
  );
}
