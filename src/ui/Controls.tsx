import { Fragment } from 'react';
import { useAppStore, isActive, selectConfig, selectPhase, selectRunConfig } from '../store/appStore';
import {
  batchExceedsSamples,
  formatSetting,
  NUM_SETTINGS_BY_KEY,
  NUMERIC_SETTINGS,
  type NumericKey,
  type NumericSetting,
} from '../store/settings';
import { nextRunText } from '../store/whatIfMessages';
import type { RunConfig } from '../worker/protocol';
import { LrFinder } from './LrFinder';
import { SliderField } from './SliderField';
import { WhatIfFields } from './WhatIfFields';

/** The line under a slider while a run goes: the live rate applies now, the others to the next run. */
function sliderNote(key: NumericKey, config: RunConfig, runConfig: RunConfig | null, running: boolean): string | undefined {
  if (!running || !runConfig) return undefined;
  if (key === 'learningRate') return 'Applies to this run from the next batch.';
  return config[key] !== runConfig[key] ? nextRunText(formatSetting(config[key]), formatSetting(runConfig[key])) : undefined;
}

/** Settings of the chapter's loop; weight decay goes with the what-if settings. */
const LOOP_SETTINGS = NUMERIC_SETTINGS.filter((s) => s.key !== 'weightDecay');

/**
 * The hyperparameters of the chapter's loop, the learning-rate finder under the rate, and the
 * what-if settings. How the steps are computed (backend, gradients) is chosen beside the backend's
 * report in StatusPanel; the run buttons are in the run bar.
 */
export function Controls() {
  const config = useAppStore(selectConfig);
  const phase = useAppStore(selectPhase);
  const runConfig = useAppStore(selectRunConfig);
  const setConfig = useAppStore((s) => s.setConfig);
  const addNotice = useAppStore((s) => s.addNotice);
  const running = isActive(phase);
  const tooBig = batchExceedsSamples(config);
  const slider = (setting: NumericSetting) => (
    <SliderField
      setting={setting}
      value={config[setting.key]}
      onChange={(value) => setConfig({ [setting.key]: value })}
      onProblem={addNotice}
      note={sliderNote(setting.key, config, runConfig, running)}
    />
  );

  return (
    <section className="panel controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Settings</h2>
      <p className="hint" id="settings-scope">
        {running
          ? `A run is going: the learning rate applies to it from the next batch; the other settings apply to the next run (Train restarts).`
          : 'The defaults are the chapter’s.'}
      </p>
      {LOOP_SETTINGS.map((setting) => (
        <Fragment key={setting.key}>
          {slider(setting)}
          {setting.key === 'learningRate' && <LrFinder />}
        </Fragment>
      ))}
      <WhatIfFields>{slider(NUM_SETTINGS_BY_KEY.weightDecay)}</WhatIfFields>
      {tooBig && (
        <p className="warning" role="status">
          {NUM_SETTINGS_BY_KEY.batchSize.label} ({config.batchSize}) is larger than the {config.samples} training samples: no full batch
          fits, since the last partial batch is dropped. Train will use a batch of {config.samples}.
        </p>
      )}
    </section>
  );
}
