import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { dispatchWorkerMessage, useAppStore, isActive, type AppState } from './store/appStore';
import { parseRace, raceText } from './store/raceSpec';
import { parseQuery, toQuery } from './store/settings';
import type { WorkerEvents } from './store/workerSlice';
import { App } from './ui/App';
import { preloadViews } from './ui/ViewArea';
import { createWorkerClient } from './worker/client';
import './ui/app.css';

// Settings come from the URL; invalid ones are replaced, reported, and the URL shows what is in effect.
const { config, problems } = parseQuery(location.search);
const store = useAppStore.getState();
useAppStore.setState({ config });
for (const problem of problems) store.addNotice(problem);
// A race in the URL (race=lr:0.1,1,3,10): checked like the settings; a bad list is named and trains nothing.
const raceParam = new URLSearchParams(location.search).get('race');
if (raceParam !== null) {
  const parsed = parseRace(raceParam);
  if ('spec' in parsed) useAppStore.setState({ raceSpec: parsed.spec });
  else store.addNotice(parsed.problem);
}

/** The URL records the settings, with the learning rate a running run started with (live changes are the run's record). */
const urlQuery = (s: AppState) =>
  toQuery(isActive(s.phase) && s.runConfig ? { ...s.config, learningRate: s.runConfig.learningRate } : s.config) +
  (s.raceSpec ? `&race=${raceText(s.raceSpec)}` : '');
const writeUrl = (query: string) => history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
let written = urlQuery(useAppStore.getState());
writeUrl(written);
useAppStore.subscribe((state) => {
  const query = urlQuery(state);
  if (query !== written) writeUrl((written = query));
});

// The first render in a transition: React renders it in slices of a few milliseconds, so loading
// the page never holds the main thread for the whole tree at once.
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// Work that does not need the click starts when the browser is idle: the worker, the data, the
// backend timing, and the last stored model for the pad.
const whenIdle = (task: () => void) =>
  'requestIdleCallback' in window ? requestIdleCallback(task, { timeout: 1500 }) : setTimeout(task, 200);
// The page's worker and a race's extra workers are the same client: their messages go to one dispatcher.
const workerClient = (events: WorkerEvents) => createWorkerClient({ deliver: dispatchWorkerMessage, ...events });
store.setTransportFactory(workerClient);
store.setRaceWorkerFactory(workerClient);
whenIdle(() => {
  useAppStore.getState().startWorker();
  preloadViews();
});
