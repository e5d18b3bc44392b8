/** Ten probability bars, 0-9, the most likely digit highlighted. */
export function PredictionBars({ probabilities }: { probabilities: number[] }) {
  const top = probabilities.indexOf(Math.max(...probabilities));
  return (
    <div>
      <p className="prediction-text">
        Prediction: {top} ({Math.round(probabilities[top] * 100)}%)
      </p>
      <ol className="bars" aria-label="Probability of each digit">
        {probabilities.map((p, digit) => (
          <li key={digit} className={digit === top ? 'top' : undefined} aria-label={`${digit}: ${(p * 100).toFixed(1)}%`}>
            <span className="digit">{digit}</span>
            <span className="bar">
              <span style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
            </span>
            <span className="pct">{(p * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
