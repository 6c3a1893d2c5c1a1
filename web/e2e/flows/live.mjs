// A manager watches a pipeline board while a sales rep works elsewhere: the rep's new deal appears on the manager's
// board and then moves column, without the manager touching anything (server-sent events from the deal stream). The
// pipeline is the flow's own (an admin creates it through the API and archives it at the end), so the cards are on
// screen whatever else the platform holds, and the flow can run again.
import { api, authorizationOf, session, step } from '../harness.mjs';

export const name = 'live';
export const user = 'manager';

const column = (page, stage) =>
  page.locator('li[aria-labelledby]').filter({ has: page.getByRole('heading', { level: 2, name: stage, exact: true }) });

/** A colleague's signed-in session in the same browser (a context of its own), and the token their app sends. */
async function colleague(s, who) {
  const other = await session(s.page.context().browser(), s.screen, who, who, { colleague: true });
  const token = authorizationOf(other.page);
  await other.signIn('/my-day');
  return { session: other, authorization: await token };
}

export async function run(s) {
  const { page, label } = s;
  const title = `E2E live deal ${label} ${Date.now()}`;
  let admin;
  let rep;
  let pipeline;
  let deal;

  try {
    await step(`${label}: an admin sets up a pipeline for the flow`, async () => {
      admin = await colleague(s, 'admin');
      pipeline = await api(admin.session.page, admin.authorization, 'POST', '/api/v1/pipelines', {
        name: `E2E live ${label} ${Date.now()}`,
        stages: [
          { name: 'Qualify', probability: 20 },
          { name: 'Propose', probability: 60 },
        ],
      });
    });

    await step(`${label}: ${user} opens the board and it goes live`, async () => {
      await s.signIn(`/deals?pipeline=${pipeline.id}`);
      await s.heading('Deals');
      await column(page, 'Qualify').waitFor({ timeout: 20_000 });
      await page.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    });

    await step(`${label}: a rep's new deal appears on the manager's board by itself`, async () => {
      rep = await colleague(s, 'sales');
      deal = await api(rep.session.page, rep.authorization, 'POST', '/api/v1/deals', {
        pipelineId: pipeline.id,
        title,
        amount: { value: '1200', currency: 'EUR' },
      });
      await column(page, 'Qualify').locator(`[data-deal-id="${deal.id}"]`).waitFor({ timeout: 20_000 });
    });

    await step(`${label}: the rep moves it and the card moves on the manager's board`, async () => {
      const stageId = pipeline.stages.find((st) => st.name === 'Propose').id;
      deal = await api(rep.session.page, rep.authorization, 'POST', `/api/v1/deals/${deal.id}/move`, { stageId });
      await column(page, 'Propose').locator(`[data-deal-id="${deal.id}"]`).waitFor({ timeout: 20_000 });
      await page.getByText('sales moved a deal; the board shows it.').waitFor();
      await s.fitsScreen();
      await s.shot('deals-live');
      await s.axe('deals-live');
    });
  } finally {
    // Leaves nothing behind: the deal deleted by its owner, the pipeline archived.
    const report = (what) => (e) => console.log(`     could not ${what}: ${e.message}`);
    if (deal) {
      await api(rep.session.page, rep.authorization, 'DELETE', `/api/v1/deals/${deal.id}`, undefined, {
        'If-Match': `"${deal.version}"`,
      }).catch(report('delete the flow’s deal'));
    }
    if (pipeline) {
      await api(admin.session.page, admin.authorization, 'POST', `/api/v1/pipelines/${pipeline.id}/archive`, undefined, {
        'If-Match': `"${pipeline.version}"`,
      }).catch(report('archive the flow’s pipeline'));
    }
    await rep?.session.close();
    await admin?.session.close();
  }
}
