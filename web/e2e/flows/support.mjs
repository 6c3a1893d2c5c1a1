// A support agent opens the queue, opens a ticket that is not resolved (one this run opens through the API, so the
// flow can run again on the same platform), replies to the customer, adds an internal note, sees both in the
// conversation looking unlike each other, and resolves the ticket.
import { api, authorizationOf, step } from '../harness.mjs';

export const name = 'support';
export const user = 'support';

export async function run(s) {
  const { page, label } = s;
  const stamp = `${label} ${new Date().toISOString()}`;
  const subject = `Scanner drops the connection (e2e ${stamp})`;
  const replyText = `We pushed a fix for the scanner; please retry (e2e ${stamp}).`;
  const noteText = `Root cause: a stale TLS session cache (e2e ${stamp}).`;
  let authorization;
  let ticket;

  await step(`${label}: ${user} signs in and opens the support queue`, async () => {
    const token = authorizationOf(page);
    await s.signIn('/support');
    await s.heading('Support');
    authorization = await token;
  });
  await step(`${label}: a ticket to work on is opened through the API (so the flow can run again)`, async () => {
    const contacts = await api(page, authorization, 'GET', '/api/v1/contacts?limit=1');
    const teams = await api(page, authorization, 'GET', '/api/v1/teams?q=Support');
    const team = teams.items.find((t) => t.name === 'Support');
    ticket = await api(page, authorization, 'POST', '/api/v1/tickets', {
      subject,
      description: 'The handheld scanner in bay 4 drops its connection every few minutes.',
      priority: 'high',
      channel: 'web',
      requesterContactId: contacts.items[0].id,
      assignee: user,
      team: team?.id,
    });
  });
  await step(`${label}: the queue lists it with an SLA countdown`, async () => {
    await page.reload();
    await s.heading('Support');
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: subject }) });
    await row.waitFor({ timeout: 20_000 });
    await row.getByText(/left|breached/).waitFor();
    await s.fitsScreen();
    await s.shot('support');
    await s.axe('support');
  });
  await step(`${label}: opens the ticket`, async () => {
    await page.getByRole('link', { name: subject }).click();
    await page.waitForURL((url) => url.pathname === `/support/${ticket.id}`);
    await s.heading(new RegExp(subject.replace(/[()]/g, '\\$&')));
    await page.getByText('Request from').waitFor();
  });
  await step(`${label}: replies to the customer`, async () => {
    await page.getByLabel('Reply to the customer').fill(replyText);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent to the customer.').waitFor();
    await page.locator('li[data-visibility=public]', { hasText: replyText }).waitFor();
  });
  await step(`${label}: adds an internal note`, async () => {
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByLabel('Internal note — not sent to the customer').fill(noteText);
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.getByText('Internal note added.').waitFor();
    await page.locator('li[data-visibility=internal]', { hasText: noteText }).waitFor();
  });
  await step(`${label}: the reply and the note look unlike each other in the conversation`, async () => {
    const reply = page.locator('li[data-visibility=public]', { hasText: replyText });
    const note = page.locator('li[data-visibility=internal]', { hasText: noteText });
    await note.getByText('Internal — not sent to the customer').waitFor();
    await reply.getByText('Public reply').waitFor();
    const background = (l) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
    const [a, b] = [await background(reply), await background(note)];
    if (a === b) throw new Error(`reply and internal note share the background ${a}`);
    await page.getByRole('radio', { name: 'Reply' }).check();
    await s.fitsScreen();
    await note.scrollIntoViewIfNeeded();
    await s.shot('ticket');
    await s.axe('ticket');
  });
  await step(`${label}: resolves the ticket and sees its status`, async () => {
    const details = page.getByRole('complementary');
    await details.getByRole('button', { name: 'Resolve' }).click();
    await details.getByRole('button', { name: 'Reopen' }).waitFor();
    await details.getByText('Resolved', { exact: true }).waitFor();
    await page.getByText(/changed the status from Open to/).or(page.getByText(/changed the status from New to/)).first().waitFor();
  });
}
