import { useAppStore, isActive, selectConfig, selectPhase, selectRunConfig } from '../store/appStore';
import { BACKEND_CHOICES, batchExceedsSamples, formatSetting, NUM_SETTINGS_BY_KEY, NUMERIC_SETTINGS } from '../store/settings';
import { BACKEND_LABELS, GRADIENT_MODES_LIST, type BackendChoice, type GradientMode } from '../worker/protocol';
import { RunButtons } from './RunButtons';
import { SliderField } from './SliderField';

const GRADIENT_LABELS: Record<GradientMode, string> = {
  manual: 'Hand-derived (faster)',
  autodiff: "Autodiff (the chapter's loss.backward())",
  fused: 'Fused WGSL kernel (WebGPU only)',
};

/** The hyperparameters of the chapter's loop, and the buttons that run it. */
export function Controls() {
  const config = useAppStore(selectConfig);
  const phase = useAppStore(selectPhase);
  const runConfig = useAppStore(selectRunConfig);
  const setConfig = useAppStore((s) => s.setConfig);
  const addNotice = useAppStore((s) => s.addNotice);
  const running = isActive(phase);
  const tooBig = batchExceedsSamples(config);

  return (
    <section className="panel controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Settings</h2>
      <RunButtons />
      <p className="hint" id="settings-scope">
        {running
          ? `A run is going: the learning rate applies to it from the next batch; the other settings apply to the next run (Train restarts).`
          : 'Defaults are the chapter’s: 784-100-50-10, lr 0.1, batch 32, 10 epochs.'}
      </p>
      {NUMERIC_SETTINGS.map((setting) => (
        <SliderField
          key={setting.key}
          setting={setting}
          value={config[setting.key]}
          onChange={(value) => setConfig({ [setting.key]: value })}
          onProblem={addNotice}
          note={
            running && runConfig && setting.key !== 'learningRate' && config[setting.key] !== runConfig[setting.key]
              ? `Next run: ${formatSetting(config[setting.key])} (this run: ${formatSetting(runConfig[setting.key])})`
              : running && setting.key === 'learningRate'
                ? 'Applies to this run from the next batch.'
                : undefined
          }
        />
      ))}
      {tooBig && (
        <p className="warning" role="status">
          {NUM_SETTINGS_BY_KEY.batchSize.label} ({config.batchSize}) is larger than the {config.samples} training samples: no full batch
          fits, since the last partial batch is dropped. Train will use a batch of {config.samples}.
        </p>
      )}
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
