// A sales rep lands on My day: the demo tasks (one overdue, one due today), the deal, ticket and notification
// sections; completes a task with its checkbox — one this run creates through the API, so the demo tasks stay and
// the flow can run again.
import { api, authorizationOf, step } from '../harness.mjs';

export const name = 'my-day';
export const user = 'sales';

export async function run(s) {
  const { page, label } = s;
  const title = `Call back about the e2e quote (${label} ${new Date().toISOString()})`;
  let authorization;

  await step(`${label}: ${user} signs in and lands on My day`, async () => {
    const token = authorizationOf(page);
    await s.signIn('/');
    await page.waitForURL((url) => url.pathname === '/my-day', { timeout: 20_000 });
    await s.heading('My day');
    authorization = await token;
  });
  await step(`${label}: My day shows the demo tasks and every section`, async () => {
    const tasks = page.getByRole('region', { name: 'My tasks' });
    await tasks.getByRole('checkbox', { name: /Send the phase 2 proposal to Nancy/ }).waitFor({ timeout: 20_000 });
    await tasks.getByRole('checkbox', { name: /Prepare the pilot price sheet/ }).waitFor();
    for (const section of [/Deals that need attention/, /Tickets close to an SLA breach/, /Unread notifications/]) {
      await page.getByRole('region', { name: section }).waitFor();
    }
    // Every section has loaded: its items, its "nothing here" or its problem.
    await page.waitForFunction(() => !/Loading (tasks|deals|tickets|notifications)/.test(document.body.innerText), null, {
      timeout: 20_000,
    });
    await page.getByText('No ticket of yours is close to an SLA breach.').waitFor();
    await s.fitsScreen();
    await s.shot('my-day');
    await s.axe('my-day');
  });
  await step(`${label}: completes a task with its checkbox`, async () => {
    await api(page, authorization, 'POST', '/api/v1/tasks', {
      title,
      assignee: user,
      dueAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    });
    await page.reload();
    await s.heading('My day');
    const box = page.getByRole('checkbox', { name: title });
    await box.waitFor({ timeout: 20_000 });
    // A click, not check(): the completed task leaves the list, so there is no checked box left to verify.
    const completed = page.waitForResponse(
      (r) => r.request().method() !== 'GET' && r.url().includes('/api/v1/tasks/') && r.ok(),
      { timeout: 20_000 },
    );
    await box.click();
    await completed;
    await page.getByText(`Completed “${title}”.`).waitFor();
    await box.waitFor({ state: 'detached' });
  });
}
