import { VIEWS, type ViewId } from './views';

/** One link per view; the current one is marked for assistive technology and drawn as the open tab. */
export function ViewNav({ current }: { current: ViewId }) {
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
