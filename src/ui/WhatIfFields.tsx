import { useState, type ReactNode } from 'react';
import { useAppStore, isActive, selectConfig, selectPhase, selectRunConfig } from '../store/appStore';
import { CHOICE_SETTINGS_BY_KEY, choiceName, formatSetting } from '../store/settings';
import { nextRunText, OPTIMIZER_STATE_TEXT, whatIfSummaryText } from '../store/whatIfMessages';
import { DEFAULT_CONFIG, type RunConfig } from '../worker/protocol';
import { SelectField } from './SelectField';
import './whatif.css';

const WHAT_IF_CHOICES = ['activation', 'init', 'optimizer'] as const;

/** The what-if settings that differ from the chapter's, by name ("ReLU", "He (Kaiming) normal", "wd 0.001"). */
function whatIfChanges(config: RunConfig): string[] {
  const changed = WHAT_IF_CHOICES.filter((key) => config[key] !== DEFAULT_CONFIG[key]).map((key) => choiceName(key, config[key]));
  if (config.weightDecay !== DEFAULT_CONFIG.weightDecay) changed.push(`wd ${formatSetting(config.weightDecay)}`);
  return changed;
}

/**
 * Activation, initialisation, optimiser and weight decay (`children`: its slider), folded under one
 * line so that the Train view's first screen keeps the chapter's settings and the loss chart; open
 * whenever one differs from the chapter's.
 */
export function WhatIfFields({ children }: { children: ReactNode }) {
  const config = useAppStore(selectConfig);
  const runConfig = useAppStore(selectRunConfig);
  const running = isActive(useAppStore(selectPhase));
  const setConfig = useAppStore((s) => s.setConfig);
  const changed = whatIfChanges(config);
  const differs = changed.length > 0;
  const [open, setOpen] = useState(differs);
  const [wasDiffering, setWasDiffering] = useState(differs);
  // Opens when a setting comes to differ (a link, a stored run's settings); never folds under the learner.
  if (differs !== wasDiffering) {
    setWasDiffering(differs);
    if (differs) setOpen(true);
  }

  return (
    <details className="what-if" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="what-if-title">
          <strong>What if:</strong> activation, init, optimiser, decay
        </span>
        <span className="what-if-state">{whatIfSummaryText(changed)}</span>
      </summary>
      {WHAT_IF_CHOICES.map((key) => {
        const setting = CHOICE_SETTINGS_BY_KEY[key];
        return (
          <SelectField
            key={key}
            label={setting.label}
            value={config[key]}
            options={setting.values.map((value) => ({ value, label: setting.optionLabels?.[value] ?? value }))}
            onChange={(value) => setConfig({ [key]: value } as Partial<RunConfig>)}
            help={key === 'optimizer' ? [setting.help!, OPTIMIZER_STATE_TEXT] : setting.help}
            note={
              running && runConfig && config[key] !== runConfig[key]
                ? nextRunText(choiceName(key, config[key]), choiceName(key, runConfig[key]))
                : undefined
            }
          />
        );
      })}
      {children}
    </details>
  );
}
