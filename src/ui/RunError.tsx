import { useAppStore, selectError } from '../store/appStore';

/** What ended the run and what to do about it, with Retry when the data could not be loaded. */
export function RunError() {
  const error = useAppStore(selectError);
  const train = useAppStore((s) => s.train);
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <p>{error.message}</p>
      <p>{error.hint}</p>
      {error.kind === 'data' && (
        <button type="button" onClick={train}>
          Retry
        </button>
      )}
    </div>
  );
}
