import { useId } from 'react';

/** One choice of a select: its value and the words it shows. */
export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

interface Props<V extends string> {
  label: string;
  value: V;
  options: readonly SelectOption<V>[];
  onChange(value: V): void;
  /** Lines under the select, like the sliders' help (what the choice means); each its own paragraph. */
  help?: string | readonly string[];
  /** A line under the help while a run is going (e.g. the value the next run will use). */
  note?: string;
}

/**
 * A labelled select with its explanation and, while a run goes, what the next run will use: every
 * setting chosen from a list (backend, gradients, activation, initialisation, optimiser) is one.
 */
export function SelectField<V extends string>({ label, value, options, onChange, help, note }: Props<V>) {
  const id = useId();
  const helps = help === undefined ? [] : typeof help === 'string' ? [help] : help;
  const described = [...helps.map((_, i) => `${id}-help${i}`), ...(note ? [`${id}-note`] : [])].join(' ');
  return (
    <div className="field">
      <label htmlFor={`${id}-select`}>{label}</label>
      <select id={`${id}-select`} value={value} aria-describedby={described || undefined} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {helps.map((text, i) => (
        <p key={i} className="field-help" id={`${id}-help${i}`}>
          {text}
        </p>
      ))}
      {note && (
        <p className="field-note" id={`${id}-note`}>
          {note}
        </p>
      )}
    </div>
  );
}
