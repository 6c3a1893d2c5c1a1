// End-to-end test of the web app in a real browser (Debian's chromium driven by playwright-core; no browser
// download) against a running platform through its gateway: sign in as a demo user, search a contact with a typo,
// open it, create one, reload (silent sign-in), sign out; at desktop and phone width (390 px). Every screen gets an
// axe-core check (no serious or critical violations) and a screenshot in docs/ui/.
//
//   node e2e/run.mjs [base-url]    (npm run e2e -- http://localhost:8080; or web/scripts/e2e)
// Environment: ATRIUM_E2E_USER / ATRIUM_E2E_PASSWORD (default sales/sales), CHROMIUM (default /usr/bin/chromium),
// ATRIUM_E2E_SCREENSHOTS (default ../docs/ui), ATRIUM_E2E_SEARCH / ATRIUM_E2E_EXPECT (typo and expected name).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] ?? process.env.ATRIUM_E2E_BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const user = process.env.ATRIUM_E2E_USER ?? 'sales';
const password = process.env.ATRIUM_E2E_PASSWORD ?? user;
const typo = process.env.ATRIUM_E2E_SEARCH ?? 'davolo';
const expected = process.env.ATRIUM_E2E_EXPECT ?? 'Nancy Davolio';
const shots = resolve(here, process.env.ATRIUM_E2E_SCREENSHOTS ?? '../../docs/ui');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

let failures = 0;
let currentPage = null;
const step = async (name, fn) => {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    if (currentPage) {
      console.log(`     at ${currentPage.url()}`);
      await currentPage.screenshot({ path: resolve(shots, 'failure.png') }).catch(() => {});
    }
    throw e;
  }
};

async function axeCheck(page, screen) {
  // Evaluated through the DevTools protocol, so the app's Content-Security-Policy stays on and is tested too.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) console.log(`     axe ${screen}: ${v.impact} ${v.id} (${v.nodes}) ${v.help}`);
  if (bad.length) throw new Error(`axe: ${bad.length} serious/critical violation(s) on ${screen}`);
}

async function flow(label, contextOptions) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  currentPage = page;
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  if (process.env.ATRIUM_E2E_DEBUG) {
    page.on('console', (m) => console.log(`     console ${m.type()}: ${m.text()}`));
    page.on('framenavigated', (f) => console.log(`     navigated ${f === page.mainFrame() ? 'main' : 'frame'}: ${f.url()}`));
  }
  const shot = (name) => page.screenshot({ path: resolve(shots, `${name}-${label}.png`) });
  const heading = (name) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 20_000 });

  await step(`${label}: a visit is sent to the provider's sign-in page`, async () => {
    await page.goto(base + '/contacts');
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
    await shot('sign-in');
  });
  await step(`${label}: signs in as ${user} and lands on the contacts`, async () => {
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/contacts', { timeout: 20_000 });
    await heading('Contacts');
    await page.getByRole('link', { name: /.+/ }).first().waitFor();
    await page.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    await shot('contacts');
    await axeCheck(page, 'contacts');
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
    await shot('contacts-search');
  });
  await step(`${label}: the page fits the screen (no sideways scrolling)`, async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Error(`the page is ${overflow} px wider than the screen`);
  });
  await step(`${label}: opens the contact's record`, async () => {
    await page.getByRole('link', { name: expected }).click();
    await heading(expected);
    await page.getByText('Details').waitFor();
    await shot('contact');
    await axeCheck(page, 'contact');
  });
  await step(`${label}: a reload comes back through the provider without its sign-in page (tokens are in memory only)`, async () => {
    const url = page.url();
    await page.reload();
    await heading(expected);
    if (page.url() !== url) throw new Error(`reload ended on ${page.url()}`);
  });
  await step(`${label}: the new-contact form validates inline`, async () => {
    await page.goto(base + '/contacts/new');
    await heading('New contact');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Phone').focus();
    await page.getByText('Enter an email address such as ana@example.com.').waitFor();
    await shot('contact-new');
    await axeCheck(page, 'contact-new');
  });
  await step(`${label}: signs out`, async () => {
    await page.getByRole('button', { name: new RegExp(user) }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('You are signed out');
  });
  const csp = problems.filter((p) => /Content.Security.Policy|Refused to/i.test(p));
  if (csp.length) {
    failures++;
    console.log(`FAIL ${label}: the Content-Security-Policy blocked something:\n  ${csp.join('\n  ')}`);
  }
  await context.close();
}

try {
  await flow('desktop', { viewport: { width: 1280, height: 800 } });
  await flow('phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
} catch {
  // The failing step said why.
} finally {
  await browser.close();
}
console.log(failures ? `e2e: ${failures} failure(s)` : `e2e: all steps passed; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
