import { useAppStore, isActive, selectConfig, selectPhase, selectRunConfig } from '../store/appStore';
import { batchExceedsSamples, formatSetting, NUM_SETTINGS_BY_KEY, NUMERIC_SETTINGS } from '../store/settings';
import { SliderField } from './SliderField';

/**
 * The hyperparameters of the chapter's loop. How the steps are computed (backend, gradients) is
 * chosen beside the backend's report in StatusPanel; the run buttons are in the run bar.
 */
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
      <p className="hint" id="settings-scope">
        {running
          ? `A run is going: the learning rate applies to it from the next batch; the other settings apply to the next run (Train restarts).`
          : 'Defaults are the chapter’s: 784-100-50-10, lr 0.1, batch 32, 10 epochs.'}
      </p>
      {NUMERIC_SETTINGS.filter((setting) => setting.key !== 'weightDecay').map((setting) => (
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
    </section>
  );
}
