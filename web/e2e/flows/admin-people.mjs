// An admin manages people and webhooks. A webhook subscription to the tasks' events goes to a receiver this flow
// starts (a node http server on 127.0.0.1: the launcher lets webhooks reach loopback receivers), and a task the flow
// creates through the API is the event it gets (webhooks carry no team or user events); a team with a unique name is
// created, gets a member and loses them; a user is looked at, and a user made for the test (through SCIM, so no demo
// user another flow signs in as is touched) is deactivated with their records moved to a colleague and reactivated;
// the delivery log shows the task's event, which is redelivered and arrives again; then the task is cancelled and
// the team and the subscription are deleted, so the flow can run again.
import { createServer } from 'node:http';
import { authorizationOf, base, step } from '../harness.mjs';

export const name = 'admin-people';
export const user = 'admin';

const LEAVER = 'e2e-leaver';
const DESCRIPTION = 'e2e admin-people';

async function api(page, authorization, method, path, data, type = 'application/json') {
  const response = await page.request.fetch(base + path, {
    method,
    headers: { Authorization: authorization, 'Content-Type': type, Accept: `${type}, application/json` },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** A webhook receiver on a free loopback port: answers 204 and keeps what it got. */
async function receiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({
        id: req.headers['webhook-id'],
        signature: req.headers['webhook-signature'],
        event: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `http://127.0.0.1:${server.address().port}/atrium-events`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Waits until `check()` holds, asking again after each `poke()` (a refresh the page offers), for up to `ms`. */
async function until(check, poke, ms, what) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await poke();
  }
}

export async function run(s) {
  const { page, label } = s;
  const stamp = `${label} ${new Date().toISOString()}`;
  const teamName = `E2E team ${stamp}`;
  const taskTitle = `E2E webhook task ${stamp}`;
  let task;
  let teamId;
  let authorization;
  let hook;
  let subscriptionPath;

  try {
    await step(`${label}: ${user} signs in and opens the admin's teams`, async () => {
      const token = authorizationOf(page);
      await s.signIn('/admin/teams');
      await s.heading('Teams');
      authorization = await token;
    });

    await step(`${label}: set-up through the API — old e2e subscriptions gone, the test user exists and is active`, async () => {
      for (const sub of await api(page, authorization, 'GET', '/api/v1/webhooks/subscriptions')) {
        if (sub.description?.startsWith(DESCRIPTION)) {
          await api(page, authorization, 'DELETE', `/api/v1/webhooks/subscriptions/${sub.id}`);
        }
      }
      const filter = encodeURIComponent(`userName eq "${LEAVER}"`);
      const found = await api(page, authorization, 'GET', `/scim/v2/Users?filter=${filter}`, undefined, 'application/scim+json');
      if (!found.Resources?.length) {
        await api(
          page,
          authorization,
          'POST',
          '/scim/v2/Users',
          {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: LEAVER,
            name: { givenName: 'Lee', familyName: 'Leaver' },
            displayName: 'Lee Leaver',
            emails: [{ value: `${LEAVER}@atrium.example`, type: 'work', primary: true }],
            active: true,
          },
          'application/scim+json',
        );
      } else if (found.Resources[0].active === false) {
        await api(page, authorization, 'POST', `/api/v1/users/${found.Resources[0].id}/reactivate`);
      }
      hook = await receiver();
    });

    await step(`${label}: creates a webhook subscription to the tasks' events and sees its secret once`, async () => {
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Webhooks' }).click();
      await s.heading('Webhooks');
      await page.getByRole('link', { name: 'New subscription' }).click();
      await s.heading('New webhook subscription');
      await page.getByLabel('Target URL').fill(hook.url);
      await page.getByLabel('Description (optional)').fill(`${DESCRIPTION} ${stamp}`);
      await page.getByRole('checkbox', { name: /All tasks? events/ }).check();
      await s.fitsScreen();
      await page.evaluate(() => window.scrollTo(0, 0));
      await s.shot('admin-webhook-new');
      await s.axe('admin-webhook-new');
      await page.getByRole('button', { name: 'Create subscription' }).click();
      await page.getByRole('heading', { name: 'Signing secret' }).waitFor({ timeout: 20_000 });
      const secret = await page.getByTestId('webhook-secret').textContent();
      if (!secret?.startsWith('whsec_')) throw new Error(`the secret shown is ${secret}`);
      await s.fitsScreen();
      await s.shot('admin-webhook-secret');
      await s.axe('admin-webhook-secret');
      await page.getByRole('button', { name: 'I have stored it' }).click();
      await page.waitForURL((url) => /^\/admin\/webhooks\/[0-9a-f-]{36}$/.test(url.pathname));
      subscriptionPath = new URL(page.url()).pathname;
      await s.heading(`${DESCRIPTION} ${stamp}`);
      await page.getByText('No deliveries yet', { exact: false }).waitFor();
    });

    await step(`${label}: an event happens — a task is created through the API`, async () => {
      task = await api(page, authorization, 'POST', '/api/v1/tasks', {
        title: taskTitle,
        assignee: user,
        dueAt: new Date(Date.now() + 24 * 60 * 60_000).toISOString(),
      });
    });

    await step(`${label}: creates a team with a unique name`, async () => {
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Teams' }).click();
      await s.heading('Teams');
      await page.getByRole('link', { name: 'New team' }).click();
      await s.heading('New team');
      await page.getByLabel('Name').fill(teamName);
      await page.getByRole('button', { name: 'Create team' }).click();
      await s.heading(teamName);
      await page.getByText('Team created. Add its members below.').waitFor();
      teamId = new URL(page.url()).pathname.split('/').pop();
    });

    await step(`${label}: adds a member, then removes them after confirming`, async () => {
      const add = page.getByLabel('Add a member');
      await add.locator('option', { hasText: 'Riley Rep' }).waitFor({ state: 'attached' });
      await add.selectOption({ label: 'Riley Rep (sales2)' });
      await page.getByRole('button', { name: 'Add member' }).click();
      await page.getByText(`Riley Rep joined ${teamName}.`).waitFor();
      const members = page.getByRole('table', { name: `Members of ${teamName}` });
      await members.getByRole('link', { name: 'Riley Rep' }).waitFor();
      await s.fitsScreen();
      await s.shot('admin-team');
      await s.axe('admin-team');
      await members.getByRole('button', { name: 'Remove Riley Rep' }).click();
      const dialog = page.getByRole('dialog', { name: `Remove Riley Rep from ${teamName}?` });
      await dialog.waitFor();
      await s.axe('admin-team-remove');
      await dialog.getByRole('button', { name: 'Remove from team' }).click();
      await page.getByText(`Riley Rep left ${teamName}.`).waitFor();
      await page.getByText('No members yet.').waitFor();
    });

    await step(`${label}: the teams list shows it`, async () => {
      await page.getByRole('link', { name: '← Teams' }).click();
      await s.heading('Teams');
      await page.getByLabel('Search teams').fill(teamName);
      await page.getByRole('link', { name: teamName }).waitFor();
      await page.getByLabel('Search teams').fill('');
      await page.getByRole('link', { name: 'Sales East' }).waitFor();
      await s.fitsScreen();
      await s.shot('admin-teams');
      await s.axe('admin-teams');
    });

    await step(`${label}: finds a user and opens their page`, async () => {
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
      await s.heading('Users');
      await page.getByRole('region', { name: 'Users list' }).getByRole('link', { name: 'Mel Manager' }).waitFor();
      await s.fitsScreen();
      await s.shot('admin-users');
      await s.axe('admin-users');
      await page.getByLabel('Search users').fill('sam');
      await page.getByRole('region', { name: 'Users list' }).getByRole('link', { name: 'Sam Seller' }).click();
      await s.heading('Sam Seller');
      const details = page.locator('dl');
      await details.getByRole('link', { name: 'Mel Manager' }).waitFor();
      await details.getByRole('link', { name: 'Sales East' }).waitFor();
      await details.getByText('sales@atrium.example').waitFor();
      await page.getByLabel('Manager').locator('option', { hasText: 'Riley Rep' }).waitFor({ state: 'attached' });
      await s.fitsScreen();
      await s.shot('admin-user');
      await s.axe('admin-user');
    });

    await step(`${label}: deactivates the test user with their records going to a colleague, then reactivates them`, async () => {
      await page.getByRole('link', { name: '← Users' }).click();
      await page.getByLabel('Search users').fill(LEAVER);
      await page.getByRole('region', { name: 'Users list' }).getByRole('link', { name: 'Lee Leaver' }).click();
      await s.heading('Lee Leaver');
      await page.getByRole('button', { name: 'Deactivate…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate Lee Leaver?' });
      const to = dialog.getByLabel('Move their records to');
      await to.locator('option', { hasText: 'Riley Rep' }).waitFor({ state: 'attached' });
      await to.selectOption({ label: 'Riley Rep (sales2)' });
      await s.shot('admin-user-deactivate');
      await s.axe('admin-user-deactivate');
      await dialog.getByRole('button', { name: 'Deactivate Lee Leaver' }).click();
      await page.getByText(/Lee Leaver is deactivated and can no longer sign in\. .* moving to Riley Rep/).waitFor();
      await page.getByText(/^Inactive since/).waitFor();
      await page.getByRole('button', { name: 'Reactivate…' }).click();
      const confirm = page.getByRole('dialog', { name: 'Reactivate Lee Leaver?' });
      await confirm.getByRole('button', { name: 'Reactivate Lee Leaver' }).click();
      await page.getByText('Lee Leaver is active again and can sign in.').waitFor();
      await page.getByRole('button', { name: 'Deactivate…' }).waitFor();
    });

    let deliveryId;
    let firstCount;
    await step(`${label}: the delivery log shows the task's event, delivered to the receiver`, async () => {
      await page.goto(base + subscriptionPath);
      await s.heading(`${DESCRIPTION} ${stamp}`);
      const log = page.getByRole('table', { name: 'Deliveries, newest first' });
      const created = log.getByRole('row').filter({ hasText: 'crm.task.created.v1' }).filter({ hasText: 'Succeeded' });
      const refresh = async () => {
        const answered = page.waitForResponse((r) => r.url().includes('/deliveries'));
        await page.getByRole('button', { name: /Refresh/ }).click();
        await answered;
      };
      await until(async () => (await created.count()) > 0, refresh, 60_000, 'crm.task.created.v1 delivered');
      const event = hook.received.find((r) => r.event.type === 'crm.task.created.v1' && JSON.stringify(r.event).includes(task.id));
      if (!event) throw new Error(`the receiver got ${hook.received.map((r) => r.event.type).join(', ') || 'nothing'}`);
      if (!event.signature?.startsWith('v1,')) throw new Error(`unsigned delivery: ${event.signature}`);
      await s.fitsScreen();
      await page.getByRole('heading', { name: 'Delivery log' }).scrollIntoViewIfNeeded();
      await s.shot('admin-webhook');
      await s.axe('admin-webhook');
      await created.first().getByRole('link').click();
      await s.heading(/Delivery of crm\.task\.created\.v1/);
      deliveryId = new URL(page.url()).pathname.split('/').pop();
      firstCount = Number(await page.getByTestId('delivery-attempts').textContent());
    });

    await step(`${label}: redelivers it, and it arrives again`, async () => {
      const mine = () => hook.received.filter((r) => r.event.type === 'crm.task.created.v1' && JSON.stringify(r.event).includes(task.id));
      const before = mine().length;
      await page.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByText(/Queued for redelivery/).waitFor();
      await page.waitForFunction(
        (n) =>
          document.querySelector('[data-testid=delivery-status]')?.textContent === 'Succeeded' &&
          Number(document.querySelector('[data-testid=delivery-attempts]')?.textContent) > n,
        firstCount,
        { timeout: 30_000 },
      );
      await page.getByRole('table', { name: 'Attempts, in order' }).getByRole('row').nth(firstCount + 1).waitFor();
      const again = mine();
      if (again.length <= before) throw new Error('the receiver did not get the redelivery');
      if (again.at(-1).id !== again[0].id) throw new Error('a redelivery must carry the same webhook-id');
      await s.fitsScreen();
      if (s.phone) await page.getByRole('heading', { name: 'Attempts' }).scrollIntoViewIfNeeded();
      await s.shot('admin-webhook-delivery');
      await s.axe('admin-webhook-delivery');
      if (!deliveryId) throw new Error('no delivery id');
    });

    await step(`${label}: cancels the task, deletes the team and the subscription`, async () => {
      await api(page, authorization, 'POST', `/api/v1/tasks/${task.id}/cancel`);
      task = null;
      await page.goto(`${base}/admin/teams/${teamId}`);
      await s.heading(teamName);
      await page.getByRole('button', { name: 'Delete team…' }).click();
      await page.getByRole('dialog', { name: `Delete ${teamName}?` }).getByRole('button', { name: 'Delete team' }).click();
      await s.heading('Teams');
      teamId = null;

      await page.goto(base + subscriptionPath);
      await s.heading(`${DESCRIPTION} ${stamp}`);
      await page.getByRole('button', { name: 'Delete…' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete “${DESCRIPTION} ${stamp}”?` });
      await dialog.getByRole('button', { name: 'Delete subscription' }).click();
      await s.heading('Webhooks');
      await page.getByText(hook.url).waitFor({ state: 'detached' });
    });
  } finally {
    await hook?.close();
    // A failed run leaves no open task behind on the admin's day.
    if (task) await api(page, authorization, 'POST', `/api/v1/tasks/${task.id}/cancel`).catch(() => {});
    if (teamId) {
      await api(page, authorization, 'GET', `/api/v1/teams/${teamId}`)
        .then((t) => page.request.delete(`${base}/api/v1/teams/${teamId}`, { headers: { Authorization: authorization, 'If-Match': `"${t.version}"` } }))
        .catch(() => {});
    }
  }
}
