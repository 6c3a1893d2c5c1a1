// A sales manager opens the dashboards: every report panel renders its chart (or says why it has none), one panel's
// CSV downloads with a header line, the page fits the screen, and axe finds nothing serious.
import { readFile } from 'node:fs/promises';
import { step } from '../harness.mjs';

export const name = 'dashboards';
export const user = process.env.ATRIUM_E2E_DASHBOARDS_USER ?? 'manager';

const reports = [
  'pipeline',
  'forecast',
  'sales-performance',
  'activity',
  'support/backlog',
  'support/performance',
  'marketing/lifecycle',
  'marketing/lead-sources',
];

export async function run(s) {
  const { page, label } = s;
  await step(`${label}: ${user} opens the dashboards and every panel renders`, async () => {
    const answered = reports.map((r) =>
      page.waitForResponse((res) => new URL(res.url()).pathname === `/api/v1/reports/${r}`, { timeout: 60_000 }),
    );
    await s.signIn('/dashboards');
    await s.heading('Dashboards');
    const statuses = await Promise.all(answered);
    // A panel is done when it drew its chart, or says it has no data or that the role may not read the view.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-report]')].every(
          (p) =>
            ['empty', 'forbidden', 'error'].includes(p.dataset.state) ||
            (p.dataset.state === 'chart' && p.querySelector('.recharts-surface .recharts-layer')),
        ),
      null,
      { timeout: 30_000 },
    );
    const states = await page.$$eval('[data-report]', (ps) => ps.map((p) => `${p.dataset.report}=${p.dataset.state}`));
    console.log(`     panels: ${states.join(' ')}; answers: ${statuses.map((r) => r.status()).join(' ')}`);
    const failed = states.filter((st) => st.endsWith('=error'));
    if (failed.length) throw new Error(`panels failed to load: ${failed.join(', ')}`);
    if (!states.includes('pipeline=chart')) throw new Error('the pipeline panel has no chart (demo data has deals)');
    await s.shot('dashboards');
  });
  await step(`${label}: the pipeline's CSV downloads, starting with its header`, async () => {
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Download CSV: Pipeline by stage' }).click();
    const file = await download;
    if (file.suggestedFilename() !== 'pipeline.csv') throw new Error(`saved as ${file.suggestedFilename()}`);
    const firstLine = (await readFile(await file.path(), 'utf8')).split(/\r?\n/)[0];
    if (!/^pipelineId,pipeline,stageId,stage\b/.test(firstLine)) throw new Error(`first line: ${firstLine}`);
  });
  await step(`${label}: the page fits the screen (no sideways scrolling)`, async () => {
    await s.fitsScreen();
  });
  await step(`${label}: axe`, () => s.axe('dashboards'));
  await step(`${label}: signs out`, () => s.signOut());
}
