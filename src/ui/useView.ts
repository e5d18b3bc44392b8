import { useSyncExternalStore } from 'react';
import { viewFromHash, type ViewId } from './views';

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
 * Back/Forward walk the views; no router is needed.
 */
export function useView(): ViewId {
  return viewFromHash(useSyncExternalStore(subscribe, readHash, () => ''));
}
