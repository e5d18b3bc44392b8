import { useAppStore } from '../store/appStore';
import type { TileSettings, TileView } from '../worker/protocol';

const VIEWS: { view: TileView; label: string }[] = [
  { view: 'weights', label: 'Weights' },
  { view: 'change', label: 'Change since the run began' },
  { view: 'gradient', label: "Last step's gradient (while paused)" },
];

/** What the tiles show, on which colour scale, and whether they redraw while training. */
export function TileControls({ settings, paused }: { settings: TileSettings; paused: boolean }) {
  const setTileSettings = useAppStore((s) => s.setTileSettings);
  return (
    <div className="tile-controls">
      <fieldset>
        <legend>Show</legend>
        {VIEWS.map(({ view, label }) => (
          <label key={view}>
            <input
              type="radio"
              name="tile-view"
              value={view}
              checked={settings.view === view}
              disabled={view === 'gradient' && !paused}
              onChange={() => setTileSettings({ view })}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <label>
        <input
          type="checkbox"
          checked={settings.scale === 'per-tile'}
          onChange={(e) => setTileSettings({ scale: e.target.checked ? 'per-tile' : 'shared' })}
        />{' '}
        One colour scale per tile
      </label>
      <label>
        <input type="checkbox" checked={settings.live} onChange={(e) => setTileSettings({ live: e.target.checked })} /> Redraw while
        training (twice a second)
      </label>
    </div>
  );
}
