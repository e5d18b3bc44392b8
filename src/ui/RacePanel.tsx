import { useState } from 'react';
import { useAppStore, isActive } from '../store/appStore';
import { parseRace, raceText } from '../store/raceSpec';
import { raceActive, type RaceState } from '../store/raceSlice';

const selectRace = (s: { race: RaceState | null }) => s.race;
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`);

/** Race: one setting varied over a few values, every variant trained at once. */
export function RacePanel() {
  const race = useAppStore(selectRace);
  const spec = useAppStore((s) => s.raceSpec);
  const phase = useAppStore((s) => s.phase);
  const setRaceSpec = useAppStore((s) => s.setRaceSpec);
  const startRace = useAppStore((s) => s.startRace);
  const stopRace = useAppStore((s) => s.stopRace);
  const pauseRace = useAppStore((s) => s.pauseRace);
  const resumeRace = useAppStore((s) => s.resumeRace);
  const [draft, setDraft] = useState(spec ? raceText(spec) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const racing = raceActive(race);

  const apply = (text: string) => {
    if (text.trim() === '') {
      setRaceSpec(null);
      setProblem(null);
      return;
    }
    const parsed = parseRace(text);
    if ('spec' in parsed) {
      setRaceSpec(parsed.spec);
      setProblem(null);
    } else setProblem(parsed.problem);
  };

  return (
    <section className="panel race" aria-labelledby="race-title">
      <h2 id="race-title">Race</h2>
      <div className="field">
        <label htmlFor="race-spec">Race setting and values</label>
        <input
          id="race-spec"
          type="text"
          value={draft}
          placeholder="lr:0.1,1,3,10"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => apply(draft)}
          onKeyDown={(e) => e.key === 'Enter' && apply(draft)}
          aria-describedby="race-help"
        />
        <p className="hint" id="race-help">
          One setting and its values (lr, seed, h1, h2, batch, act, init, opt, wd), e.g. lr:0.1,1,3,10, act:sigmoid,relu, or a log grid
          lr:0.01-10x7; at most 16 variants. Every variant trains at once with the other settings as they are.
        </p>
        {problem && (
          <p className="error-inline" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="race-buttons">
        <button type="button" onClick={startRace} disabled={!spec || racing || isActive(phase)}>
          Race
        </button>
        <button type="button" onClick={race?.status === 'paused' ? resumeRace : pauseRace} disabled={!racing}>
          {race?.status === 'paused' ? 'Resume race' : 'Pause race'}
        </button>
        <button type="button" onClick={stopRace} disabled={!racing}>
          Stop race
        </button>
      </div>
      {race && (
        <table
          className="race-table"
          aria-label="Race variants"
          data-race={race.id}
          data-status={race.status}
          data-path={race.path}
          data-batched-calls={race.batched?.calls}
          data-variant-steps={race.batched?.variantSteps}
        >
          <caption>
            {race.variants.length} variants,{' '}
            {race.path === 'workers'
              ? `${race.workers} worker${race.workers > 1 ? 's' : ''}`
              : race.path === 'batched'
                ? 'batched in one GPU device'
                : 'interleaved in one GPU device'}
            {race.data ? ` (data ${race.data === 'shared-memory' ? 'shared' : 'copied'})` : ''}
            {race.seconds !== null ? `, ${race.seconds.toFixed(1)} s` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Progress</th>
              <th scope="col">Epoch losses</th>
              <th scope="col">Test accuracy</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {race.variants.map((v) => (
              <tr
                key={v.variant}
                data-variant={v.variant}
                data-losses={JSON.stringify(v.epochs.map((e) => e.loss))}
                data-phase={v.phase}
                data-test-accuracy={v.accuracy?.test ?? ''}
              >
                <th scope="row">{v.label}</th>
                <td>{v.progress ? `epoch ${v.progress.epoch + 1}, batch ${v.progress.batch}/${v.progress.batches}` : '–'}</td>
                <td>{v.epochs.map((e) => e.loss.toFixed(4)).join(', ') || '–'}</td>
                <td>{pct(v.accuracy?.test ?? v.epochs.at(-1)?.testAccuracy)}</td>
                <td>{v.error ? v.error.message : v.phase}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
