import { useAppStore, isActive, selectConfig, selectPhase } from '../store/appStore';
import { BACKEND_CHOICES, NUMERIC_SETTINGS } from '../store/settings';
import { BACKEND_LABELS, GRADIENT_MODES_LIST, type BackendChoice, type GradientMode } from '../worker/protocol';
import { SliderField } from './SliderField';

const GRADIENT_LABELS: Record<GradientMode, string> = {
  manual: 'Hand-derived (faster)',
  autodiff: "Autodiff (the chapter's loss.backward())",
  fused: 'Fused WGSL kernel (WebGPU only)',
};

/** The hyperparameters of the chapter's loop, Train and Stop. */
export function Controls() {
  const config = useAppStore(selectConfig);
  const phase = useAppStore(selectPhase);
  const setConfig = useAppStore((s) => s.setConfig);
  const addNotice = useAppStore((s) => s.addNotice);
  const train = useAppStore((s) => s.train);
  const stop = useAppStore((s) => s.stop);
  const running = isActive(phase);

  return (
    <section className="panel controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Settings</h2>
      <div className="buttons">
        <button type="button" className="primary" onClick={train}>
          Train
        </button>
        <button type="button" onClick={stop} disabled={!running}>
          Stop
        </button>
      </div>
      <p className="hint">
        {running
          ? 'Train restarts with the settings below; Stop keeps the weights.'
          : 'Defaults are the chapter’s: 784-100-50-10, lr 0.1, batch 32, 10 epochs.'}
      </p>
      {NUMERIC_SETTINGS.map((setting) => (
        <SliderField
          key={setting.key}
          setting={setting}
          value={config[setting.key]}
          onChange={(value) => setConfig({ [setting.key]: value })}
          onProblem={addNotice}
        />
      ))}
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
    </section>
  );
}
