import { useAppStore, selectConfig } from '../store/appStore';
import { BACKEND_CHOICES } from '../store/settings';
import { BACKEND_LABELS, GRADIENT_MODES_LIST, type BackendChoice, type GradientMode } from '../worker/protocol';

const GRADIENT_LABELS: Record<GradientMode, string> = {
  manual: 'Hand-derived (faster)',
  autodiff: "Autodiff (the chapter's loss.backward())",
  fused: 'Fused WGSL kernel (WebGPU only)',
};

/** How the chapter's steps are computed: the backend and the gradients (the math stays the chapter's). */
export function EngineFields() {
  const config = useAppStore(selectConfig);
  const setConfig = useAppStore((s) => s.setConfig);
  return (
    <div className="engine-fields">
      <div className="field">
        <label htmlFor="backend-select">Backend</label>
        <select id="backend-select" value={config.backend} onChange={(e) => setConfig({ backend: e.target.value as BackendChoice })}>
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {b === 'auto' ? 'Automatic (fastest here)' : BACKEND_LABELS[b]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="gradients-select">Gradients</label>
        <select id="gradients-select" value={config.gradients} onChange={(e) => setConfig({ gradients: e.target.value as GradientMode })}>
          {GRADIENT_MODES_LIST.map((g) => (
            <option key={g} value={g}>
              {GRADIENT_LABELS[g]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
