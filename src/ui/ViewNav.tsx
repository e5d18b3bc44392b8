import { useEffect } from 'react';
import { useView } from './useView';
import { VIEWS, viewLabel } from './views';

/**
 * One link per view; the current one is marked for assistive technology and drawn as the open tab.
 * The document title names the view too, so that the browser's history list does.
 */
export function ViewNav() {
  const current = useView();
  useEffect(() => {
    document.title = current === 'train' ? 'MNIST, trained in the tab' : `${viewLabel(current)} · MNIST, trained in the tab`;
  }, [current]);
  return (
    <nav className="view-nav" aria-label="Views">
      <ul>
        {VIEWS.map((v) => (
          <li key={v.id}>
            <a href={`#${v.id}`} aria-current={v.id === current ? 'page' : undefined}>
              {v.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
