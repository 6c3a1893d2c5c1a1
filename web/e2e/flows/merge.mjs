// Duplicates and merge (issue 18): a sales rep creates a contact, then a second one with the same phone number, which
// the form answers with "This may be a duplicate of …" and creates only on "Create anyway"; the second record says
// "Possible duplicates". The rep opens Duplicates from the contacts list, finds the pair, opens Merge…, keeps the
// first contact, takes the job title from the second, merges, and lands on the first one's page with the merged
// values (checked through the API: the job title picked, both emails). The second contact's old address then opens
// the survivor. Names, emails and the phone number are unique to the run, and the survivor is deleted at the end, so
// the flow runs again.
import { api, authorizationOf, base, step } from '../harness.mjs';

export const name = 'merge';
export const user = process.env.ATRIUM_E2E_USER ?? 'sales';
const WAIT = { timeout: 30_000 };

/** A regular expression matching `text` literally. */
const literally = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

export async function run(s) {
  const { page, label } = s;
  const stamp = Date.now().toString(36);
  const run = `${label}-${stamp}`;
  // Both contacts: the same name and phone (what makes them likely duplicates), each its own email and job title.
  const lastName = `Lovelace ${run}`;
  const fullName = `Ada ${lastName}`;
  const phone = `+1 555 ${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  const firstEmail = `ada.${run}@example.org`;
  const secondEmail = `countess.${run}@example.org`;
  let authorization;
  let firstId;
  let secondId;

  /** Fills the new-contact form and presses Create contact. */
  async function fillNewContact(email, jobTitle) {
    await page.goto(`${base}/contacts/new`);
    await s.heading('New contact');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill(lastName);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Phone').fill(phone);
    await page.getByLabel('Job title').fill(jobTitle);
    await page.getByRole('button', { name: 'Create contact' }).click();
  }

  /** The id of the record page the browser is on. */
  const recordId = () => new URL(page.url()).pathname.split('/').pop();

  await step(`${label}: ${user} creates a contact`, async () => {
    const token = authorizationOf(page);
    await s.signIn('/contacts');
    authorization = await token;
    await s.heading('Contacts');
    await fillNewContact(firstEmail, 'Analyst');
    await page.waitForURL((url) => /^\/contacts\/[0-9a-f-]{36}$/.test(url.pathname), WAIT);
    await s.heading(fullName);
    firstId = recordId();
  });

  await step(`${label}: a second one with the same phone is a possible duplicate, created only on "Create anyway"`, async () => {
    const refused = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/contacts',
      WAIT,
    );
    await fillNewContact(secondEmail, 'Countess');
    const first = await refused;
    if (first.status() !== 409) throw new Error(`the near-duplicate create answered ${first.status()}`);
    const alert = page.getByRole('alert').filter({ hasText: 'This may be a duplicate of' });
    await alert.waitFor(WAIT);
    // The candidate, linked (by its address: the service words its name).
    await alert.locator(`a[href="/contacts/${firstId}"]`).waitFor(WAIT);
    await s.shot('contact-new-duplicate');
    await s.axe('contact-new-duplicate');
    await s.fitsScreen('the possible-duplicate warning');

    const created = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/contacts',
      WAIT,
    );
    await alert.getByRole('button', { name: 'Create anyway' }).click();
    const response = await created;
    if (response.status() !== 201) throw new Error(`Create anyway answered ${response.status()}`);
    if (new URL(response.url()).searchParams.get('allowDuplicate') !== 'true') throw new Error('Create anyway did not allow the duplicate');
    const keys = [first, response].map((r) => r.request().headers()['idempotency-key']);
    if (!keys[1] || keys[0] === keys[1]) throw new Error('Create anyway reused the first idempotency key');
    await page.waitForURL((url) => /^\/contacts\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(firstId), WAIT);
    secondId = recordId();
    // The new record knows its likely duplicate.
    const notice = page.getByRole('region', { name: 'Possible duplicates' });
    await notice.locator(`a[href="/contacts/${firstId}"]`).waitFor(WAIT);
  });

  await step(`${label}: opens Duplicates from the contacts list and finds the pair with its reasons`, async () => {
    await page.goto(`${base}/contacts`);
    await s.heading('Contacts');
    await page.getByRole('link', { name: 'Duplicates', exact: true }).click();
    await s.heading('Duplicate contacts');
    const pair = page.getByRole('article').filter({ has: page.locator(`a[href="/contacts/${secondId}"]`) });
    // Most alike first; further pages load on "Load more" until the pair is there (the second record's notice has
    // shown that the service finds it).
    await page.locator('ol[aria-label="Likely duplicate contacts"], p:text("No likely duplicates.")').first().waitFor(WAIT);
    while (!(await pair.count())) {
      // "Load more" reads "Loading…" while a page loads: wait for the list to grow rather than for that label to go,
      // which a check can miss before it ever shows.
      if (!(await page.getByRole('button', { name: /^(Load more|Loading…)$/ }).count())) {
        throw new Error('the pair is not among the duplicates');
      }
      const shown = await page.getByRole('article').count();
      await page.getByRole('button', { name: 'Load more' }).click(WAIT);
      await page.waitForFunction((n) => document.querySelectorAll('article').length > n, shown, WAIT);
    }
    if (!(await pair.locator(`a[href="/contacts/${firstId}"]`).count())) throw new Error('the pair does not hold the first contact');
    await pair.getByText(/% alike$/).waitFor();
    if (!(await pair.getByRole('list', { name: 'Why they look alike' }).getByRole('listitem').count())) {
      throw new Error('the pair gives no reason');
    }
    await pair.scrollIntoViewIfNeeded();
    await s.shot('duplicates');
    await s.axe('duplicates');
    await s.fitsScreen('the duplicates list');
    await pair.getByRole('link', { name: 'Merge…' }).click();
    await s.heading('Merge contacts');
  });

  await step(`${label}: keeps the first contact, takes the job title from the second, and merges`, async () => {
    const stays = page.getByRole('group', { name: 'Which contact stays' });
    await stays.waitFor(WAIT);
    // The first contact stays (the pair may list either first).
    await stays.getByRole('radio', { name: literally(firstEmail) }).check();
    await page.waitForURL((url) => url.searchParams.get('survivor') === firstId && url.searchParams.get('duplicate') === secondId, WAIT);
    const jobTitle = page.getByRole('group', { name: 'Job title' });
    if (!(await jobTitle.getByRole('radio', { name: /^Analyst/ }).isChecked())) throw new Error("the survivor's job title is not the default");
    await jobTitle.getByRole('radio', { name: /^Countess/ }).check();
    // Both emails are united, not picked.
    const united = page.getByRole('region', { name: 'Will be kept from both' });
    await united.getByText(literally(firstEmail)).waitFor();
    await united.getByText(literally(secondEmail)).waitFor();
    await s.shot('merge');
    await s.axe('merge');
    await s.fitsScreen('the merge screen');

    const merged = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/contacts/${firstId}/merge`), WAIT);
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const response = await merged;
    if (response.status() !== 200) throw new Error(`the merge answered ${response.status()}: ${await response.text()}`);
    const request = response.request();
    if (!/^"\d+"$/.test(request.headers()['if-match'] ?? '')) throw new Error(`merged with If-Match ${request.headers()['if-match']}`);
    const body = request.postDataJSON();
    if (body.duplicateId !== secondId || typeof body.duplicateVersion !== 'number' || body.keep?.jobTitle !== 'duplicate') {
      throw new Error(`merged with ${JSON.stringify(body)}`);
    }
  });

  await step(`${label}: lands on the survivor's page, which has the merged values`, async () => {
    await page.waitForURL((url) => url.pathname === `/contacts/${firstId}`, WAIT);
    await page.getByRole('status').filter({ hasText: `Merged “${fullName}” into “${fullName}”.` }).waitFor(WAIT);
    await s.heading(fullName);
    await page.getByRole('button', { name: /^Countess\s*, edit job title$/ }).waitFor(WAIT);
    await s.shot('merged');
    await s.axe('merged');
    const survivor = await api(page, authorization, 'GET', `/api/v1/contacts/${firstId}`);
    const emails = (survivor.emails ?? []).map((e) => e.address.toLowerCase()).sort();
    if (survivor.jobTitle !== 'Countess') throw new Error(`the survivor's job title is ${survivor.jobTitle}`);
    if (emails.join() !== [firstEmail, secondEmail].sort().join()) throw new Error(`the survivor has the emails ${emails}`);
  });

  await step(`${label}: the merged-away contact's address opens the survivor`, async () => {
    await page.goto(`${base}/contacts/${secondId}`);
    await page.waitForURL((url) => url.pathname === `/contacts/${firstId}`, WAIT);
    await s.heading(fullName);
    await page.getByText('The contact you opened was merged into this one.').waitFor(WAIT);
  });

  await step(`${label}: deletes the survivor`, async () => {
    const survivor = await api(page, authorization, 'GET', `/api/v1/contacts/${firstId}`);
    await api(page, authorization, 'DELETE', `/api/v1/contacts/${firstId}`, undefined, { 'If-Match': `"${survivor.version}"` });
  });
}
