// A colleague (manager, signed in in a browser context of their own) assigns two tasks on Nancy Davolio to sales;
// sales sees the unread badge, opens the inbox, opens one notification (it lands on Nancy's record, and is read
// afterwards), marks all read; then changes a notification preference and sees it kept after a reload, and puts it
// back. The tasks are cancelled at the end and the preference restored, so the flow can run again.
import { authorizationOf, base, step } from '../harness.mjs';

export const name = 'inbox';
export const user = 'sales';
const colleague = 'manager';

async function api(page, authorization, method, path, data, headers = {}) {
  const response = await page.request.fetch(base + path, {
    method,
    headers: { Authorization: authorization, 'Content-Type': 'application/json', ...headers },
    data,
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** Asks `check` until it answers something truthy (the platform delivers notifications asynchronously). */
async function until(what, check, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (let attempt = 0; ; attempt++) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 2_000)));
  }
}

/** The colleague's bearer token: signs them in in a browser context of their own (tokens live in the app only). */
async function tokenOf(page, who) {
  const context = await page.context().browser().newContext();
  try {
    const other = await context.newPage();
    const token = authorizationOf(other);
    await other.goto(base + '/my-day');
    await other.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
    await other.fill('input[name=username]', who);
    await other.fill('input[name=password]', who);
    await other.click('button[type=submit]');
    return await token;
  } finally {
    await context.close();
  }
}

export async function run(s) {
  const { page, label } = s;
  const stamp = `${label} ${new Date().toISOString()}`;
  const titles = [`Send Nancy the pilot contract (e2e ${stamp})`, `Book the pilot kickoff (e2e ${stamp})`];
  const notificationTitle = (t) => `Task assigned to you: ${t}`;
  const tasks = [];
  let mine;
  let theirs;
  let nancy;
  let preference;

  try {
    await step(`${label}: ${user} signs in and opens the inbox`, async () => {
      const token = authorizationOf(page);
      await s.signIn('/inbox');
      await s.heading('Inbox');
      mine = await token;
    });
    await step(`${label}: ${colleague} assigns two tasks on Nancy Davolio to ${user} (through the API)`, async () => {
      theirs = await tokenOf(page, colleague);
      const found = await api(page, mine, 'GET', '/api/v1/contacts?q=davolio&limit=1');
      nancy = found.items[0];
      if (!nancy) throw new Error('the demo contact Nancy Davolio is missing');
      for (const title of titles) {
        tasks.push(
          await api(
            page,
            theirs,
            'POST',
            '/api/v1/tasks',
            { title, assignee: user, contactIds: [nancy.id], priority: 'normal' },
            { 'Idempotency-Key': crypto.randomUUID() },
          ),
        );
      }
      await until('the notifications', async () => {
        const unread = await api(page, mine, 'GET', '/api/v1/notifications?unread=true&limit=100');
        return titles.every((t) => unread.items.some((n) => n.title === notificationTitle(t)));
      });
    });
    await step(`${label}: the navigation shows the unread badge and the inbox lists both, unread`, async () => {
      await page.reload();
      await s.heading('Inbox');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbox \d+ unread$/ }).waitFor();
      for (const title of titles) {
        const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: notificationTitle(title) }) });
        await item.waitFor();
        await item.getByText('Unread', { exact: true }).waitFor();
      }
      await s.fitsScreen();
      await s.shot('inbox');
      await s.axe('inbox');
    });
    await step(`${label}: opening a notification lands on Nancy's record and marks it read`, async () => {
      await page.getByRole('link', { name: notificationTitle(titles[0]) }).click();
      await page.waitForURL((url) => url.pathname === `/contacts/${nancy.id}`, { timeout: 20_000 });
      await s.heading(/Nancy Davolio/);
      await page.getByText(titles[0]).first().waitFor({ timeout: 20_000 });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbox/ }).click();
      await s.heading('Inbox');
      const opened = page.locator('li[data-unread]').filter({ has: page.getByRole('link', { name: notificationTitle(titles[0]) }) });
      await page.locator('li[data-unread="false"]').filter({ has: page.getByRole('link', { name: notificationTitle(titles[0]) }) }).waitFor();
      if ((await opened.getByText('Unread', { exact: true }).count()) !== 0) throw new Error('the opened one still says Unread');
    });
    await step(`${label}: "Mark all read" empties the badge`, async () => {
      await page.getByRole('button', { name: 'Mark all read' }).click();
      await page.getByText(/^Marked \d+ notifications? read\.$/).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true }).waitFor();
      await page.locator('li[data-unread="true"]').first().waitFor({ state: 'detached' });
      const left = await api(page, mine, 'GET', '/api/v1/notifications/unread-count');
      if (left.unread !== 0) throw new Error(`${left.unread} still unread`);
    });
    await step(`${label}: changes a preference, and it is kept after a reload`, async () => {
      if (s.phone) {
        await page.getByRole('link', { name: 'Notification settings' }).click();
      } else {
        await page.getByRole('button', { name: new RegExp(user) }).click();
        await page.getByRole('banner').getByRole('link', { name: 'Notification settings' }).click();
      }
      await s.heading('Notification settings');
      const box = page.getByRole('group', { name: 'Deal lost' }).getByRole('checkbox', { name: 'Email' });
      preference = await box.isChecked();
      await box.setChecked(!preference);
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.getByText('Preferences saved.').waitFor();
      await s.fitsScreen();
      // The top of the form (address, digest, the first kinds) tells more than the button the save scrolled to.
      await page.evaluate(() => window.scrollTo(0, 0));
      await s.shot('notification-settings');
      await s.axe('notification-settings');
      await page.reload();
      await s.heading('Notification settings');
      await box.waitFor();
      if ((await box.isChecked()) === preference) throw new Error('the preference was not kept');
    });
  } finally {
    // Put things back for the next run: the preference as it was, the tasks cancelled.
    if (preference !== undefined) {
      await step(`${label}: puts the preference back`, async () => {
        const box = page.getByRole('group', { name: 'Deal lost' }).getByRole('checkbox', { name: 'Email' });
        await box.setChecked(preference);
        await page.getByRole('button', { name: 'Save preferences' }).click();
        await page.getByText('Preferences saved.').waitFor();
      });
    }
    for (const task of tasks) {
      await api(page, theirs, 'POST', `/api/v1/tasks/${task.id}/cancel`, undefined, { 'If-Match': `"${task.version}"` }).catch(
        (e) => console.log(`     could not cancel ${task.id}: ${e.message}`),
      );
    }
  }
}
