// A sales rep works on records: opens a demo contact, edits a field in place (and a reload shows it saved), logs a
// call that appears at the top of the timeline, adds a task and completes it; then finds a demo company in the
// companies list and opens it. Everything it writes is new and unique to the run (a job title, a call, a task), so
// it runs again on the same platform.
import { base, step } from '../harness.mjs';

export const name = 'records';
export const user = process.env.ATRIUM_E2E_USER ?? 'sales';
const contact = 'Nancy Davolio';
const company = 'Northwind Traders';

export async function run(s) {
  const { page, label } = s;
  const unique = `${label}-${Date.now().toString(36)}`;
  const title = `Purchasing lead ${unique}`;
  const callBody = `Call about the pilot ${unique}`;
  const taskTitle = `Send the price sheet ${unique}`;

  await step(`${label}: ${user} opens ${contact} from a search`, async () => {
    await s.signIn('/contacts');
    await s.heading('Contacts');
    await page.getByLabel('Search contacts').fill('Davolio');
    await page.getByRole('link', { name: contact }).first().click();
    await s.heading(contact);
    await page.getByRole('heading', { name: 'Details', exact: true }).waitFor();
    await page.getByRole('list', { name: 'Timeline' }).or(page.getByText('Nothing logged yet.')).first().waitFor({ timeout: 20_000 });
  });

  await step(`${label}: edits the job title in place and a reload shows it saved`, async () => {
    await page.getByRole('button', { name: /, edit job title$/ }).click();
    const input = page.getByLabel('Job title', { exact: true });
    await input.fill(title);
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/contacts/'), {
      timeout: 20_000,
    });
    await input.press('Enter');
    const response = await saved;
    if (response.status() !== 200) throw new Error(`PATCH answered ${response.status()}`);
    const edited = page.getByRole('button', { name: new RegExp(`^${title}\\s*, edit job title$`) });
    await edited.waitFor({ timeout: 20_000 });
    await page.reload();
    await s.heading(contact);
    await edited.waitFor({ timeout: 20_000 });
    // The whole record before the screenshot: company name, timeline and tasks loaded.
    await page.getByRole('link', { name: company }).waitFor({ timeout: 20_000 });
    await page.getByRole('list', { name: 'Timeline' }).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Open tasks' }).waitFor();
    await page.getByText('Loading tasks…').waitFor({ state: 'detached', timeout: 20_000 });
    await s.shot('contact');
    await s.axe('contact');
  });

  await step(`${label}: logs a call and sees it at the top of the timeline`, async () => {
    await page.getByRole('radio', { name: 'Call' }).check();
    await page.getByLabel('Notes').fill(callBody);
    await page.getByLabel('Duration (minutes)').fill('12');
    await page.getByLabel('Outcome').selectOption('connected');
    const logged = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/activities'), {
      timeout: 20_000,
    });
    await page.getByRole('button', { name: 'Log call' }).click();
    const response = await logged;
    if (response.status() !== 201) throw new Error(`POST /activities answered ${response.status()}`);
    const first = page.getByRole('list', { name: 'Timeline' }).getByRole('article').first();
    await first.getByText(callBody).waitFor({ timeout: 20_000 });
    await first.scrollIntoViewIfNeeded();
    await s.fitsScreen('the record page');
    await s.shot('contact-log-call');
    await s.axe('contact-log-call');
  });

  await step(`${label}: adds a task and completes it`, async () => {
    await page.getByLabel('New task').fill(taskTitle);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Due date').fill(tomorrow);
    await page.getByRole('button', { name: 'Add task' }).click();
    const box = page.getByRole('checkbox', { name: new RegExp(taskTitle) });
    await box.waitFor({ timeout: 20_000 });
    const completed = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/complete'), {
      timeout: 20_000,
    });
    await box.click();
    const response = await completed;
    if (response.status() !== 200) throw new Error(`completing answered ${response.status()}`);
    await page.getByText(`Task “${taskTitle}” completed.`).waitFor();
    await box.waitFor({ state: 'detached', timeout: 20_000 });
  });

  await step(`${label}: finds ${company} in the companies list and opens it`, async () => {
    await page.goto(base + '/companies');
    await s.heading('Companies');
    await page.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/v1/companies') && new URL(r.url()).searchParams.get('q') === company && r.status() === 200,
      { timeout: 20_000 },
    );
    // By its whole name: the list may hold many companies named alike (CI runs this after the benchmark's 10k).
    await page.getByLabel('Search companies').fill(company);
    await searched;
    await page.locator('tbody tr:not([aria-hidden])').getByRole('link', { name: company, exact: true }).first().waitFor({ timeout: 20_000 });
    await s.fitsScreen('the companies list');
    await s.shot('companies');
    await s.axe('companies');
    await page.getByRole('link', { name: company, exact: true }).first().click();
    await s.heading(company);
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await page.getByRole('link', { name: contact }).waitFor({ timeout: 20_000 });
    await page.getByRole('list', { name: 'Timeline' }).waitFor({ timeout: 20_000 });
    await s.fitsScreen('the company page');
    await s.shot('company');
    await s.axe('company');
  });

  await step(`${label}: signs out`, () => s.signOut());
}
