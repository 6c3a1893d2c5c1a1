// A sales rep finds a contact with a typo, opens the record, reloads (silent sign-in), meets the new-contact form's
// inline validation and signs out.
import { base, step } from '../harness.mjs';

export const name = 'contacts';
export const user = process.env.ATRIUM_E2E_USER ?? 'sales';
const typo = process.env.ATRIUM_E2E_SEARCH ?? 'davolo';
const expected = process.env.ATRIUM_E2E_EXPECT ?? 'Nancy Davolio';

export async function run(s) {
  const { page, label } = s;
  await step(`${label}: ${user} signs in and lands on the contacts`, async () => {
    await s.signIn('/contacts', { screenshot: 'sign-in' });
    await s.heading('Contacts');
    await page.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    await s.shot('contacts');
    await s.axe('contacts');
  });
  await step(`${label}: finds "${expected}" by typing "${typo}"`, async () => {
    const searched = page.waitForResponse(
      (r) => new URL(r.url()).searchParams.get('q') === typo && r.status() === 200,
      { timeout: 20_000 },
    );
    await page.getByLabel('Search contacts').fill(typo);
    await searched;
    // Best match first: the top row of the answer to the typo is the expected contact.
    await page.waitForFunction(
      (name) => document.querySelector('tbody tr:not([aria-hidden]) a')?.textContent === name,
      expected,
      { timeout: 20_000 },
    );
    await s.shot('contacts-search');
  });
  await step(`${label}: the page fits the screen (no sideways scrolling)`, async () => {
    await s.fitsScreen();
  });
  await step(`${label}: opens the contact's record`, async () => {
    await page.getByRole('link', { name: expected }).click();
    await s.heading(expected);
    await page.getByRole('heading', { name: 'Details', exact: true }).waitFor();
    await s.shot('contact');
    await s.axe('contact');
  });
  await step(`${label}: a reload comes back through the provider without its sign-in page (tokens are in memory only)`, async () => {
    const url = page.url();
    await page.reload();
    await s.heading(expected);
    if (page.url() !== url) throw new Error(`reload ended on ${page.url()}`);
  });
  await step(`${label}: the new-contact form validates inline`, async () => {
    await page.goto(base + '/contacts/new');
    await s.heading('New contact');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Phone').focus();
    await page.getByText('Enter an email address such as ana@example.com.').waitFor();
    await s.shot('contact-new');
    await s.axe('contact-new');
  });
  await step(`${label}: signs out`, () => s.signOut());
}
