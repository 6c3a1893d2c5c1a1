// The end-to-end harness: one headless chromium (Debian's, driven by playwright-core; no browser download), steps
// that report and stop their flow on the first failure, an axe-core check, screenshots into docs/ui/, and a signed-in
// session per flow and screen size. Flows live in flows/*.mjs and are listed in run.mjs.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const base = (process.argv[2] ?? process.env.ATRIUM_E2E_BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
/** How long a step may wait for the app (sign-in, a heading); the bench raises it on a machine it keeps busy. */
const STEP_TIMEOUT = Number(process.env.ATRIUM_E2E_TIMEOUT_MS) || 20_000;
export const shots = resolve(here, process.env.ATRIUM_E2E_SCREENSHOTS ?? '../../docs/ui');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(shots, { recursive: true });

/**
 * The bearer token the app sends, read from its first API request (start waiting before signing in): flows that
 * set up data through the API use the signed-in user's own token.
 */
export function authorizationOf(page) {
  return page
    .waitForRequest((r) => r.url().includes('/api/v1/') && !!r.headers()['authorization'], { timeout: 30_000 })
    .then((r) => r.headers()['authorization']);
}

/**
 * Calls the API through the gateway as the holder of `authorization` (see authorizationOf), for a flow's set-up and
 * for colleagues' actions; fails on any status but 2xx. Answers the JSON body (null for 204).
 */
export async function api(page, authorization, method, path, data, headers = {}) {
  const response = await page.request.fetch(base + path, {
    method,
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
      ...headers,
    },
    data,
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** The screen sizes every flow runs at. */
export const screens = [
  { label: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  {
    label: 'phone',
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  },
];

export function launch() {
  return chromium.launch({
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
}

let failures = 0;
let currentPage = null;

export function failureCount() {
  return failures;
}

/** Runs one named step; a failure is reported (with a screenshot) and ends the flow it belongs to. */
export async function step(name, fn) {
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
}

export async function axeCheck(page, screen) {
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

/**
 * A fresh browser context at one screen size, for one demo user (password = user name unless given). `signIn(path)`
 * opens the path, signs in on the provider's page and waits to be back on it; `shot(name)` writes
 * docs/ui/<name>-<screen>.png; `close()` fails the flow if the Content-Security-Policy blocked anything.
 */
export async function session(browser, screen, user, password = user, { colleague = false } = {}) {
  const context = await browser.newContext(screen.options);
  const page = await context.newPage();
  // A colleague's session (a second person in the same flow) leaves failure screenshots to the flow's own page.
  if (!colleague) currentPage = page;
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  if (process.env.ATRIUM_E2E_DEBUG) {
    page.on('console', (m) => console.log(`     console ${m.type()}: ${m.text()}`));
    page.on('framenavigated', (f) => console.log(`     navigated ${f === page.mainFrame() ? 'main' : 'frame'}: ${f.url()}`));
  }
  return {
    page,
    user,
    screen,
    label: screen.label,
    phone: screen.label === 'phone',
    shot: (name) => page.screenshot({ path: resolve(shots, `${name}-${screen.label}.png`) }),
    heading: (name) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: STEP_TIMEOUT }),
    axe: (name) => axeCheck(page, name),
    /**
     * Fails when the page is wider than the screen. Compared with the layout viewport, not window.innerWidth: a phone
     * browser zooms out to show content that overflows, and innerWidth then grows with it, hiding the overflow.
     */
    async fitsScreen(what = 'the page') {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0) throw new Error(`${what} is ${overflow} px wider than the screen`);
    },
    /** Opens `path`, which sends the browser to the provider's sign-in page; signs in and waits to be back. */
    async signIn(path, { screenshot } = {}) {
      await page.goto(base + path);
      await page.waitForURL((url) => url.pathname === '/login', { timeout: STEP_TIMEOUT });
      if (screenshot) await page.screenshot({ path: resolve(shots, `${screenshot}-${screen.label}.png`) });
      await page.fill('input[name=username]', user);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      const want = new URL(base + path);
      await page.waitForURL((url) => url.origin === want.origin && url.pathname === want.pathname, { timeout: STEP_TIMEOUT });
    },
    async signOut() {
      await page.getByRole('button', { name: new RegExp(user) }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'You are signed out' }).waitFor({ timeout: STEP_TIMEOUT });
    },
    async close() {
      const csp = problems.filter((p) => /Content.Security.Policy|Refused to/i.test(p));
      await context.close();
      if (csp.length) {
        failures++;
        console.log(`FAIL ${screen.label}: the Content-Security-Policy blocked something:\n  ${csp.join('\n  ')}`);
      }
    },
  };
}
