import { useId, useState, type KeyboardEvent } from 'react';
import { formatSetting, validateNumber, type NumericSetting } from '../store/settings';

interface Props {
  setting: NumericSetting;
  value: number;
  onChange(value: number): void;
  /** Reports a typed value that was out of range or not a number, and what was used. */
  onProblem(text: string): void;
  /** A line under the slider while a run is going (e.g. the value the next run will use). */
  note?: string;
}

const LOG_STEPS_PER_DECADE = 30;

/**
 * A labelled slider with its value shown and editable in a number box. The learning-rate slider
 * moves on a log scale (its aria-valuetext is the rate itself); the box takes any exact value.
 */
export function SliderField({ setting, value, onChange, onProblem, note }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const sliderValue = setting.log ? Math.round(Math.log10(value) * LOG_STEPS_PER_DECADE) : value;
  const fromSlider = (raw: number) => (setting.log ? Number((10 ** (raw / LOG_STEPS_PER_DECADE)).toPrecision(2)) : raw);

  const commit = () => {
    if (draft === null) return;
    const { value: next, problem } = validateNumber(setting, draft);
    if (problem) onProblem(problem);
    onChange(next);
    setDraft(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') setDraft(null);
  };

  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={`${id}-slider`}>{setting.label}</label>
        <input
          className="field-number"
          type="text"
          inputMode="decimal"
          aria-label={`${setting.label} value`}
          value={draft ?? formatSetting(value)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
      </div>
      <input
        id={`${id}-slider`}
        type="range"
        min={setting.log ? Math.round(Math.log10(setting.min) * LOG_STEPS_PER_DECADE) : setting.min}
        max={setting.log ? Math.round(Math.log10(setting.max) * LOG_STEPS_PER_DECADE) : setting.max}
        step={setting.step ?? 1}
        value={sliderValue}
        aria-valuetext={formatSetting(value)}
        aria-describedby={note ? `${id}-help ${id}-note` : `${id}-help`}
        onChange={(e) => onChange(fromSlider(Number(e.target.value)))}
      />
      <p className="field-help" id={`${id}-help`}>
        {setting.help}
      </p>
      {note && (
        <p className="field-note" id={`${id}-note`}>
          {note}
        </p>
      )}
    </div>
  );
}
