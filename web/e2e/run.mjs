// End-to-end test of the web app in a real browser (Debian's chromium driven by playwright-core; no browser
// download) against a running platform through its gateway, with the demo data loaded (./atrium --demo-data). Each
// flow (flows/*.mjs) runs at desktop and at phone width (390 px) as the demo user it names; every screen gets an
// axe-core check (no serious or critical violations) and a screenshot in docs/ui/.
//
//   node e2e/run.mjs [base-url]    (npm run e2e -- http://localhost:8080; or web/scripts/e2e)
// Environment: ATRIUM_E2E_FLOWS (names, comma-separated; default all), CHROMIUM (default /usr/bin/chromium),
// ATRIUM_E2E_SCREENSHOTS (default ../docs/ui), ATRIUM_E2E_DEBUG (log the page's console and navigations).
import { failureCount, launch, screens, session, shots } from './harness.mjs';
import * as contacts from './flows/contacts.mjs';
import * as records from './flows/records.mjs';
import * as support from './flows/support.mjs';
import * as myDay from './flows/my-day.mjs';
import * as deals from './flows/deals.mjs';
import * as dashboards from './flows/dashboards.mjs';
import * as live from './flows/live.mjs';
import * as views from './flows/views.mjs';
import * as adminPeople from './flows/admin-people.mjs';
import * as inbox from './flows/inbox.mjs';
import * as admin from './flows/admin.mjs';
import * as imports from './flows/imports.mjs';
import * as merge from './flows/merge.mjs';

/** In the order they run; a flow leaves the platform as the next one expects it. */
const flows = [contacts, records, support, myDay, deals, dashboards, views, imports, merge, inbox, admin, adminPeople, live];

const only = process.env.ATRIUM_E2E_FLOWS?.split(',').map((f) => f.trim());
const browser = await launch();
try {
  // Each flow at every screen size before the next flow: what one flow does to shared state (the admin flow rebuilds
  // the report views) then reaches the later flows only, at both sizes alike.
  for (const flow of flows.filter((f) => !only || only.includes(f.name))) {
    for (const screen of screens) {
      const s = await session(browser, screen, flow.user);
      try {
        await flow.run(s);
      } catch {
        // The failing step said why; the next flow still runs.
      } finally {
        await s.close();
      }
    }
  }
} finally {
  await browser.close();
}
const failures = failureCount();
console.log(failures ? `e2e: ${failures} failure(s)` : `e2e: all steps passed; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
