import { useEffect, useSyncExternalStore } from 'react';
import { viewFromHash, viewLabel, type ViewId } from './views';

/** The hash changes with a link, Back and Forward (hashchange), and with history traversal (popstate). */
function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

const readHash = () => location.hash;

/**
 * The view the URL's hash names. Links to `#inside` etc. change it, so each view can be linked and
 * Back/Forward walk the views; no router is needed. The document title names the view, so that the
 * browser's history list does too.
 */
export function useView(): ViewId {
  const view = viewFromHash(useSyncExternalStore(subscribe, readHash, () => ''));
  useEffect(() => {
    document.title = view === 'train' ? 'MNIST, trained in the tab' : `${viewLabel(view)} · MNIST, trained in the tab`;
  }, [view]);
  return view;
}
