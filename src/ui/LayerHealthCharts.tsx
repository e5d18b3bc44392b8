import { memo, useMemo } from 'react';
import type { ActivationHistograms, Activation, HealthSample, OptimizerName } from '../worker/protocol';
import { ActivationHistogram } from './ActivationHistogram';
import { HealthChart } from './HealthChart';
import { chartSummary, gradientChart, LAYER_COLORS, ratioChart, saturationChart } from './healthSeries';
import { healthWords } from './healthWords';

interface Props {
  samples: HealthSample[];
  histograms: ActivationHistograms | null;
  activation: Activation;
  optimizer: OptimizerName;
  totalEpochs: number;
}

/**
 * The three layer-health charts against epochs and the latest activation histograms, for one run
 * (live or stored): plain props, so that a stored run and the live one draw the same way.
 */
export const LayerHealthCharts = memo(function LayerHealthCharts({ samples, histograms, activation, optimizer, totalEpochs }: Props) {
  const words = healthWords(activation, optimizer);
  const charts = useMemo(
    () => ({ saturation: saturationChart(samples), gradient: gradientChart(samples), ratio: ratioChart(samples) }),
    [samples],
  );
  const saturationName = `${words.saturationTitle} per hidden layer`;
  const lastX = samples.at(-1)?.x;

  return (
    <div className="health-grid">
      <HealthChart
        name={saturationName}
        summary={chartSummary(`${saturationName} (%; ${words.rule})`, samples, charts.saturation)}
        yLabel={words.saturationAxis}
        totalEpochs={totalEpochs}
        reading={words.saturation}
        {...charts.saturation}
      />
      <HealthChart
        name="Gradient RMS per parameter"
        summary={chartSummary('Root-mean-square of each parameter’s gradient, log scale,', samples, charts.gradient)}
        yLabel="Gradient RMS (log scale)"
        totalEpochs={totalEpochs}
        reading={words.gradient}
        {...charts.gradient}
      />
      <HealthChart
        name="Update-to-weight ratio"
        summary={chartSummary('log10(‖update‖ / ‖W‖) of each weight matrix, with a reference line at −3,', samples, charts.ratio)}
        yLabel="log₁₀(‖update‖ / ‖W‖)"
        totalEpochs={totalEpochs}
        reference={{ y: -3, label: '−3 (rule of thumb)' }}
        reading={words.ratio}
        {...charts.ratio}
      />
      <div className="health-histograms" role="group" aria-labelledby="histograms-title">
        <h3 id="histograms-title">Latest activation histograms{lastX !== undefined && ` (epoch ${lastX.toFixed(2)})`}</h3>
        {histograms ? (
          <div className="histogram-row">
            <ActivationHistogram
              layer="Layer 1"
              counts={histograms.layer1}
              range={histograms.range}
              thresholds={words.thresholds}
              color={LAYER_COLORS[0]}
            />
            <ActivationHistogram
              layer="Layer 2"
              counts={histograms.layer2}
              range={histograms.range}
              thresholds={words.thresholds}
              color={LAYER_COLORS[1]}
            />
          </div>
        ) : (
          <p className="hint">No histogram was kept for this run.</p>
        )}
        <p className="hint">{words.histogram}</p>
      </div>
    </div>
  );
});
