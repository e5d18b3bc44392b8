import { useAppStore, selectAccuracy } from '../store/appStore';

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The accuracy of the weights in use (the last run's, or loaded ones), shown in every view. */
export function AccuracyLine() {
  const accuracy = useAppStore(selectAccuracy);
  if (!accuracy) return null;
  return (
    <div className="accuracy">
      {accuracy.train !== null && <p>Train accuracy: {percent(accuracy.train)}</p>}
      {accuracy.test !== null && <p>Test accuracy: {percent(accuracy.test)}</p>}
    </div>
  );
}
