// An admin opens the admin area, creates a pipeline (unique name, so the flow can run again on the same platform),
// adds three stages, moves one with the keyboard (dnd-kit: focus the grip, Space, ArrowUp, Space), renames a stage,
// removes one, and archives the pipeline (so re-runs leave no active pipelines in the deals board's picker); then
// opens Reports, sees each view's freshness, starts a rebuild after the confirmation and waits until it is live.
// Last, signed in as sales: no Admin in the navigation, and /admin says it is for admins only.
import { authorizationOf, base, screens, session, step } from '../harness.mjs';

export const name = 'admin';
export const user = 'admin';

const stageNames = (page) =>
  page.locator('li[data-stage-id]').evaluateAll((rows) => rows.map((r) => r.querySelector('h3')?.textContent ?? ''));

function same(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(actual)}`);
  }
}

/** A call of the API with the signed-in admin's token (to give a stage a deal, and to close it again). */
async function api(page, authorization, method, path, data, headers = {}) {
  const response = await page.request.fetch(base + path, {
    method,
    headers: { Authorization: authorization, 'Content-Type': 'application/json', ...headers },
    data,
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

/** Waits for the pipeline write the action sends and checks it succeeded. */
async function written(page, method, pathEnd, action) {
  const response = page.waitForResponse(
    (r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(pathEnd) && new URL(r.url()).pathname.startsWith('/api/v1/pipelines'),
    { timeout: 20_000 },
  );
  // If the action fails, its error is the step's failure; the wait for the response must not end the whole run later
  // as an unhandled rejection.
  response.catch(() => {});
  await action();
  const r = await response;
  if (!r.ok()) throw new Error(`${method} …${pathEnd} answered ${r.status()}: ${await r.text()}`);
  if (method !== 'POST' || pathEnd !== '/pipelines') {
    const ifMatch = r.request().headers()['if-match'];
    if (!ifMatch) throw new Error(`${method} …${pathEnd} was sent without If-Match`);
  }
  return r.json();
}

export async function run(s) {
  const { page, label } = s;
  const pipelineName = `E2E pipeline ${label} ${Date.now()}`;
  let id;
  let authorization;

  await step(`${label}: ${user} opens the admin area from the main navigation`, async () => {
    const token = authorizationOf(page);
    await s.signIn('/my-day');
    authorization = await token;
    await s.heading('My day');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await s.heading('Admin');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Pipelines' }).waitFor();
    await s.fitsScreen();
    await s.shot('admin');
    await s.axe('admin');
  });

  await step(`${label}: sees the pipelines and creates "${pipelineName}" with a first stage`, async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Pipelines' }).click();
    await s.heading('Pipelines');
    await page.getByRole('table').getByRole('link').first().waitFor({ timeout: 20_000 });
    await s.fitsScreen();
    await s.shot('admin-pipelines');
    await s.axe('admin-pipelines');
    await page.getByRole('link', { name: 'New pipeline' }).click();
    await s.heading('New pipeline');
    await page.getByLabel('Name', { exact: true }).fill(pipelineName);
    await page.getByLabel('Stage 1 Stage name').fill('Lead');
    await page.getByLabel('Stage 1 Probability (%)').fill('10');
    const created = await written(page, 'POST', '/pipelines', () => page.getByRole('button', { name: 'Create pipeline' }).click());
    id = created.id;
    await s.heading(pipelineName);
    await page.waitForURL((url) => url.pathname === `/admin/pipelines/${id}`);
  });

  await step(`${label}: adds three stages`, async () => {
    const form = page.getByRole('form', { name: 'Add a stage' });
    for (const [stage, probability, rotting] of [
      ['Qualified', '30', '14'],
      ['Proposal', '60', '10'],
      ['Negotiation', '80', ''],
    ]) {
      await form.getByLabel('Stage name').fill(stage);
      await form.getByLabel('Probability (%)').fill(probability);
      await form.getByLabel('Rotting days').fill(rotting);
      await written(page, 'POST', '/stages', () => form.getByRole('button', { name: 'Add stage' }).click());
      await page.getByRole('listitem', { name: stage, exact: true }).waitFor();
    }
    same(await stageNames(page), ['Lead', 'Qualified', 'Proposal', 'Negotiation'], 'stages after adding');
  });

  await step(`${label}: moves Negotiation above Proposal with the keyboard`, async () => {
    const grip = page.getByRole('button', { name: 'Reorder Negotiation' });
    // In view first: a list that scrolls while the stage is lifted (the phone's short screen) can move what the
    // stage is over between the announcement and the drop, which then drops it where it was (no write).
    await grip.scrollIntoViewIfNeeded();
    const saved = written(page, 'PUT', '/stage-order', async () => {
      await grip.focus();
      await page.keyboard.press('Space');
      await page.locator('li[data-stage-id][data-dragging]').waitFor();
      // Up moves only once dnd-kit has measured the stages it can move over, which it announces by saying what the
      // lifted stage is over (itself, at first); an Up pressed before that (the phone's screen scrolls the stage into
      // view when it is lifted, and measures again) is ignored, as it would be for a person that fast.
      await page.getByText('Stage Negotiation is over position 4 of 4.').waitFor({ state: 'attached' });
      // dnd-kit announces where the stage is once it has moved there; drop only then. An arrow whose announcement
      // does not come (one run in CI's phone width saw the stage stay over position 4) is pressed again and logged,
      // so how often it happens stays visible; the loop decides from what was announced, never from a guess.
      const liveRegion = page.locator('[id^="DndLiveRegion"]');
      for (let presses = 0; ; presses++) {
        const said = (await liveRegion.textContent()) ?? '';
        const at = Number(/over position (\d) of 4/.exec(said)?.[1] ?? 4);
        if (at === 3) break;
        if (presses === 3) throw new Error(`after ${presses} arrows the stage is still announced as: ${said}`);
        if (presses > 0) console.log(`     admin flow: an arrow did not move the stage (announced: ${said}); pressing again`);
        await page.keyboard.press(at > 3 ? 'ArrowUp' : 'ArrowDown');
        try {
          await page.waitForFunction(
            ([selector, before]) => document.querySelector(selector)?.textContent !== before,
            ['[id^="DndLiveRegion"]', said],
            { timeout: 5_000 },
          );
        } catch (e) {
          if (e?.name !== 'TimeoutError') throw e;
        }
      }
      await page.keyboard.press('Space');
    });
    const body = await saved;
    same(body.stages.map((st) => st.name), ['Lead', 'Qualified', 'Negotiation', 'Proposal'], 'order the API saved');
    await page.getByText('Stage “Negotiation” moved to position 3 of 4.').waitFor();
    same(await stageNames(page), ['Lead', 'Qualified', 'Negotiation', 'Proposal'], 'order on screen');
  });

  await step(`${label}: renames the stage Qualified`, async () => {
    await page.getByRole('button', { name: 'Edit Qualified' }).click();
    const form = page.getByRole('form', { name: 'Edit stage Qualified' });
    await form.getByLabel('Stage name').fill('Qualified lead');
    await form.getByLabel('Probability (%)').fill('35');
    const body = await written(page, 'PUT', `/stages/${(await page.locator('li[data-stage-id]').nth(1).getAttribute('data-stage-id'))}`, () =>
      form.getByRole('button', { name: 'Save stage' }).click(),
    );
    const renamed = body.stages.find((st) => st.name === 'Qualified lead');
    if (!renamed || renamed.probability !== 35 || renamed.rottingDays !== 14) {
      throw new Error(`the API answered ${JSON.stringify(body.stages)}`);
    }
    await page.getByRole('listitem', { name: 'Qualified lead', exact: true }).getByText('35% probability').waitFor();
  });

  await step(`${label}: removes the stage Proposal after confirming`, async () => {
    await page.getByRole('button', { name: 'Remove Proposal' }).click();
    const row = page.getByRole('listitem', { name: 'Proposal', exact: true });
    await written(page, 'DELETE', '/stages/' + (await row.getAttribute('data-stage-id')), () =>
      row.getByRole('button', { name: 'Remove stage' }).click(),
    );
    await row.waitFor({ state: 'detached' });
    same(await stageNames(page), ['Lead', 'Qualified lead', 'Negotiation'], 'stages after removing');
    await page.getByText('Stage “Proposal” removed.').waitFor();
    await s.fitsScreen();
    // The whole editor from its top on a desktop; on a phone, the stages.
    if (s.phone) await page.getByRole('heading', { level: 2, name: 'Stages' }).evaluate((h) => h.scrollIntoView());
    else await page.evaluate(() => window.scrollTo(0, 0));
    await s.shot('admin-pipeline');
    await s.axe('admin-pipeline');
  });

  await step(`${label}: a stage that still holds an open deal is not removed, and its row says why`, async () => {
    const row = page.getByRole('listitem', { name: 'Negotiation', exact: true });
    const stageId = await row.getAttribute('data-stage-id');
    const deal = await api(
      page,
      authorization,
      'POST',
      '/api/v1/deals',
      { title: `E2E deal in ${pipelineName}`, pipelineId: id, stageId },
      { 'Idempotency-Key': `e2e-admin-${id}` },
    );
    try {
      await row.getByRole('button', { name: 'Remove Negotiation' }).click();
      const refused = page.waitForResponse(
        (r) => r.request().method() === 'DELETE' && new URL(r.url()).pathname.endsWith(`/stages/${stageId}`),
        { timeout: 20_000 },
      );
      await row.getByRole('button', { name: 'Remove stage' }).click();
      if ((await refused).status() !== 409) throw new Error(`removing answered ${(await refused).status()}, not 409`);
      await row.getByRole('alert').getByText(/still holds 1 open deal/).waitFor();
      same(await stageNames(page), ['Lead', 'Qualified lead', 'Negotiation'], 'stages after the refusal');
      await row.scrollIntoViewIfNeeded();
      await s.shot('admin-stage-refused');
      await s.axe('admin-stage-refused');
    } finally {
      // Closed deals do not hold a pipeline: lose it so the pipeline can be archived.
      await api(page, authorization, 'POST', `/api/v1/deals/${deal.id}/lose`, { reason: 'e2e clean-up' }, { 'If-Match': `"${deal.version}"` });
    }
  });

  await step(`${label}: archives the pipeline, which leaves the active list`, async () => {
    const body = await written(page, 'POST', '/archive', () => page.getByRole('button', { name: 'Archive pipeline' }).click());
    if (!body.archivedAt) throw new Error('the archive answer has no archivedAt');
    await page.getByText('This pipeline is archived').waitFor();
    await page.getByRole('button', { name: 'Restore pipeline' }).waitFor();
    await page.getByRole('link', { name: '← Pipelines' }).click();
    await s.heading('Pipelines');
    await page.getByRole('table').getByRole('link').first().waitFor({ timeout: 20_000 });
    if (await page.getByRole('link', { name: pipelineName }).count()) throw new Error('the archived pipeline is listed as active');
    // A click, not check(): the radio follows the URL, which the router updates in a transition, so its state may
    // change a moment after the click; what the step waits for is the list it leads to.
    await page.getByRole('radio', { name: 'Archived' }).click();
    await page.getByRole('link', { name: pipelineName }).waitFor();
  });

  await step(`${label}: opens Reports and sees each view's freshness`, async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Reports' }).click();
    await s.heading('Reports');
    const views = page.getByRole('table', { name: 'Freshness per report view' });
    await views.getByRole('row', { name: /Pipeline by stage/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('table', { name: 'Freshness per topic' }).getByRole('row', { name: /crm\.deal/ }).getByText(/ago|No events yet/).waitFor();
    await page.getByText(/^Serving: generation \d+/).waitFor({ timeout: 20_000 });
  });

  await step(`${label}: starts a rebuild after confirming and waits until it is live`, async () => {
    await page.getByRole('button', { name: 'Rebuild reports…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rebuild every report view?' });
    await dialog.waitFor();
    const started = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/reports/rebuild' && r.request().method() === 'POST',
      { timeout: 20_000 },
    );
    await dialog.getByRole('button', { name: 'Start rebuild' }).click();
    const response = await started;
    if (response.status() !== 202) throw new Error(`rebuild answered ${response.status()}: ${await response.text()}`);
    const generation = (await response.json()).id;
    await page.getByText(new RegExp(`Rebuild finished.*generation ${generation} is live`)).waitFor({ timeout: 180_000 });
    await page.getByText(new RegExp(`^Serving: generation ${generation}`)).waitFor({ timeout: 20_000 });
    await s.fitsScreen();
    await s.shot('admin-reports');
    await s.axe('admin-reports');
  });

  await step(`${label}: signed in as sales, there is no Admin in the navigation and /admin is for admins only`, async () => {
    const screen = screens.find((sc) => sc.label === label);
    const sales = await session(page.context().browser(), screen, 'sales');
    try {
      await sales.signIn('/my-day');
      await sales.heading('My day');
      const nav = sales.page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Deals' }).waitFor();
      if (await nav.getByRole('link', { name: 'Admin' }).count()) throw new Error('sales sees Admin in the navigation');
      await sales.page.goto(new URL('/admin/pipelines', sales.page.url()).href);
      await sales.heading('Admins only');
      await sales.fitsScreen();
      await sales.shot('admin-denied');
      await sales.axe('admin-denied');
    } finally {
      await sales.close();
    }
  });
}
