import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/browser.mjs';
import { buildAndServe } from './lib/serve.mjs';
import { measureVisit } from './lib/measure-app.mjs';
const server = await buildAndServe({ build: false });
const browser = await chromium.launch(chromiumLaunchOptions());
const context = await browser.newContext({ viewport: { width: Number(process.argv[3] ?? 1400), height: 1000 } });
const q = process.argv[2] ?? 'epochs=2';
for (const visit of ['first', 'second']) {
  const r = await measureVisit(context, `${server.url}?${q}`);
  console.log(
    visit,
    JSON.stringify(
      {
        ...r,
        framesOver50AfterClick: r.framesOver50AfterClick.map(
          (f) => `${f.start}+${f.duration} ${f.scripts.map((s) => `${s.invoker}:${s.function}@${s.source} ${s.duration}`).join('; ')}`,
        ),
        framesOver200WhileLoading: r.framesOver200WhileLoading.map(
          (f) => `${f.start}+${f.duration} ${f.scripts.map((s) => `${s.invoker}:${s.function}@${s.source} ${s.duration}`).join('; ')}`,
        ),
      },
      null,
      1,
    ),
  );
}
await browser.close();
await server.close();
