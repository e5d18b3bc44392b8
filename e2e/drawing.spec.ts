import { expect, mnistTestDigits, test } from './fixtures';
import { HAND_DRAWN_DIGITS } from './handDrawn';

test.describe('draw a digit and see what the network thinks', () => {
  test('before training the pad says that there are no weights yet', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm');
    await expect(trainer.pad).toBeVisible();
    await trainer.drawOne();
    await expect(page.getByText('No trained weights yet: click Train, then the prediction appears here.')).toBeVisible();
    await expect(trainer.predictionText).toHaveCount(0);
  });

  test('after a short run, strokes give a prediction and ten bars; Clear empties pad and prediction', async ({ trainer, page }) => {
    await trainer.goto('backend=wasm&lr=3&samples=20000&epochs=1');
    await trainer.trainToEnd();
    await trainer.drawOne();
    await expect(trainer.predictionText).toBeVisible();
    await expect(trainer.bars).toHaveCount(10);
    await expect(page.getByRole('img', { name: /What the network sees/ })).toBeVisible();
    await trainer.clearButton.click();
    await expect(trainer.predictionText).toHaveCount(0);
    await expect(trainer.bars).toHaveCount(0);
    const inked = await trainer.pad.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return data.some((v, i) => i % 4 === 3 && v > 0);
    });
    expect(inked).toBe(false);
    await expect(page.getByText('Draw a digit 0-9 on the pad')).toBeVisible();
  });

  test('MNIST test digits painted with the mouse are read about as well as the test set', async ({ trainer }) => {
    test.setTimeout(300_000);
    await trainer.goto('backend=wasm&lr=3&samples=20000&epochs=1');
    await trainer.trainToEnd();
    const testAccuracy = await trainer.testAccuracyPercent();
    const digits = mnistTestDigits(20);
    let correct = 0;
    const readings: string[] = [];
    for (const { pixels, label } of digits) {
      await trainer.clearButton.click();
      await expect(trainer.predictionText).toHaveCount(0);
      await trainer.paintDigit(pixels);
      await expect(trainer.predictionText).toBeVisible();
      await trainer.predictionSettled(); // the prediction of the finished digit, not of a partial one
      const predicted = Number((await trainer.predictionText.innerText()).match(/Prediction: (\d)/)![1]);
      readings.push(`${label}→${predicted}`);
      if (predicted === label) correct++;
    }
    console.log(`painted MNIST digits read correctly: ${correct}/20 (${readings.join(' ')}); model test accuracy ${testAccuracy}%`);
    expect(correct).toBeGreaterThanOrEqual(16); // at least 8 in 10
  });

  test('digits 0-9 drawn by hand-like strokes are mostly read correctly after one short run', async ({ trainer }) => {
    test.setTimeout(300_000);
    await trainer.goto('backend=wasm&lr=3&samples=20000&epochs=1');
    await trainer.trainToEnd();
    const readings: string[] = [];
    let correct = 0;
    for (const [digit, strokes] of HAND_DRAWN_DIGITS.entries()) {
      await trainer.clearButton.click();
      await expect(trainer.predictionText).toHaveCount(0);
      await trainer.drawStrokes(strokes);
      await expect(trainer.predictionText).toBeVisible();
      await trainer.predictionSettled();
      const predicted = Number((await trainer.predictionText.innerText()).match(/Prediction: (\d)/)![1]);
      readings.push(`${digit}→${predicted}`);
      if (predicted === digit) correct++;
    }
    console.log(`hand-drawn digits read correctly: ${correct}/10 (${readings.join(' ')})`);
    expect(correct).toBeGreaterThanOrEqual(7);
  });
});
