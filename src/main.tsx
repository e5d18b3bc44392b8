import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from './store/appStore';
import { parseQuery, toQuery } from './store/settings';
import { App } from './ui/App';
import { createWorkerClient } from './worker/client';
import './ui/app.css';

// Settings come from the URL; invalid ones are replaced, reported, and the URL shows what is in effect.
const { config, problems } = parseQuery(location.search);
const store = useAppStore.getState();
store.setConfig(config);
for (const problem of problems) store.addNotice(problem);

const writeUrl = (query: string) => history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
writeUrl(toQuery(config));
useAppStore.subscribe((state, previous) => {
  if (state.config !== previous.config) writeUrl(toQuery(state.config));
});

store.connect(createWorkerClient());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
