// The web app's budgets (issue 16), measured in Debian's chromium (web/e2e's harness) against the benchmark's
// platform and data, as rows for bench/run (one JSON object per line on stdout; the log on stderr):
//   - a pipeline board with every card the board shows (up to 50 per stage): from the in-app navigation to the board
//     answering a click (a card's menu open), cold cache, three rounds in fresh sessions; baseline: the board's own
//     API answer fetched in the same browser with the same token;
//   - the contacts list paged through to its last row (10k at the smoke size), then scrolled top to bottom one screen
//     per frame: the frame times and how many rows the page holds at most (virtualised: a screenful, not 10k);
//     baseline: the same page's frames while idle (what this machine gives a page at all).
//   node bench/lib/ui.mjs <gateway> <pipeline-id> <user> <rows-file> <contacts expected>
// Rows are appended to <rows-file> (the harness prints to stdout); at most 10,000 contacts are paged in (the budget's
// size; --size 100k would otherwise page 2,000 times), and fewer than min(expected, 10,000) is a failure.
import { appendFileSync } from 'node:fs';
import { authorizationOf, launch, screens, session } from '../../web/e2e/harness.mjs';

const [, , gateway, pipelineId, user = 'admin', rowsFile = '/dev/stdout', expectedArg = '0'] = process.argv;
const MAX_ROWS = 10_000;
const expectedRows = Math.min(Number(expectedArg) || 0, MAX_ROWS);
const desktop = screens.find((s) => s.label === 'desktop');
const log = (m) => process.stderr.write(`bench ui: ${m}\n`);
const emit = (scenario, variant, figures) =>
  appendFileSync(rowsFile, JSON.stringify({ scenario, variant, ...figures }) + '\n');
const percentile = (values, q) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))];
};
const round = (v) => Math.round(v * 10) / 10;

/** In-app navigation (no reload, so no sign-in round trip): what a click on a link does. */
const navigate = (page, path) =>
  page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);

/** Frame intervals over `frames` animation frames, calling `each(i)` before each (in the page). */
const frames = (page, count, scroll) =>
  page.evaluate(
    ({ count, scroll }) =>
      new Promise((done) => {
        const region = document.querySelector('[role=region][aria-label]');
        const gaps = [];
        let rowsMax = 0;
        let last = performance.now();
        let i = 0;
        const tick = (now) => {
          gaps.push(now - last);
          last = now;
          rowsMax = Math.max(rowsMax, region.querySelectorAll('tbody tr[data-index], tbody tr:not([aria-hidden])').length);
          if (scroll) region.scrollTop += region.clientHeight;
          if (++i < count && (!scroll || region.scrollTop + region.clientHeight < region.scrollHeight)) {
            requestAnimationFrame(tick);
          } else {
            done({ gaps: gaps.slice(1), rowsMax, frames: i });
          }
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(tick);
        });
      }),
    { count, scroll },
  );

/** Where a failing step stood, before its session closes: the page's address, and a screenshot beside the run's rows. */
async function where(page) {
  log(`failed at ${page.url()}`);
  if (process.env.ATRIUM_BENCH_FAILURE_SHOT) {
    await page.screenshot({ path: process.env.ATRIUM_BENCH_FAILURE_SHOT }).catch(() => {});
  }
}

let browser;
let failed = false;
try {
  browser = await launch();
  // ---- the board -------------------------------------------------------------------------------------------------
  const interactive = [];
  const answers = [];
  let cards = 0;
  let deals = 0;
  for (let roundNo = 1; roundNo <= 3; roundNo++) {
    const s = await session(browser, desktop, user);
    try {
      const token = authorizationOf(s.page);
      token.catch(() => {}); // when signing in fails, that failure is the one to report
      await s.signIn('/my-day');
      const authorization = await token;
      await s.heading('My day');
      // A person looks at My day before they click on: the clock starts once the browser has first been idle (the app
      // uses that moment to fetch the board's code; it may still be under way when the navigation starts).
      await s.page.evaluate(() => new Promise((idle) => requestIdleCallback(() => idle(), { timeout: 5_000 })));
      // What the board will show: every stage's first 50 (the app's page), counted from the API's answer, and how
      // many open deals the pipeline holds in all.
      [cards, deals] = await s.page.evaluate(
        async ({ url, authorization }) => {
          const board = await (await fetch(url, { headers: { Authorization: authorization } })).json();
          return [
            board.stages.reduce((n, st) => n + (st.deals?.length ?? 0), 0),
            board.stages.reduce((n, st) => n + (st.count ?? 0), 0),
          ];
        },
        { url: `/api/v1/pipelines/${pipelineId}/board?limit=50`, authorization },
      );
      const t0 = await s.page.evaluate(() => performance.now());
      await navigate(s.page, `/deals?pipeline=${pipelineId}`);
      await s.page.waitForFunction((n) => document.querySelectorAll('[data-deal-id]').length >= n, cards, {
        timeout: 30_000,
        polling: 'raf',
      });
      const menu = s.page.locator('[data-deal-id] button[aria-haspopup]').first();
      await menu.click();
      await s.page.getByRole('menuitem').first().waitFor();
      interactive.push((await s.page.evaluate(() => performance.now())) - t0);
      // The baseline: the same board's API answer, fetched by the same browser with the same token.
      answers.push(
        await s.page.evaluate(
          async ({ url, authorization }) => {
            const started = performance.now();
            await (await fetch(url, { headers: { Authorization: authorization } })).json();
            return Math.round(performance.now() - started);
          },
          { url: `/api/v1/pipelines/${pipelineId}/board?limit=50`, authorization },
        ),
      );
    } catch (e) {
      await where(s.page);
      throw e;
    } finally {
      await s.close();
    }
  }
  log(`board: ${deals} deals, ${cards} cards shown; interactive ${interactive.map(round).join(', ')} ms; API ${answers.join(', ')} ms`);
  const scenario = `web: board of ${deals} deals (${cards} cards shown), navigation to interactive`;
  emit(scenario, 'browser (chromium, cold cache)', {
    value: round(percentile(interactive, 50)),
    unit: 'ms',
    p50: round(percentile(interactive, 50)),
    note: `budget 1000 ms; worst ${round(Math.max(...interactive))} ms; rounds ${interactive.map(round).join(', ')} ms`,
  });
  emit(scenario, "baseline: the board's API answer (same browser)", {
    value: percentile(answers, 50),
    unit: 'ms',
    p50: percentile(answers, 50),
  });

  // ---- the contacts list -----------------------------------------------------------------------------------------
  const s = await session(browser, desktop, user);
  try {
    await s.signIn('/contacts');
    await s.heading('Contacts');
    const region = s.page.locator('[role=region][aria-label]');
    await region.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    const loadStarted = Date.now();
    let loaded = loadStarted;
    let rows = 0;
    for (let stable = 0; stable < 3 && rows < MAX_ROWS; ) {
      const now = await s.page.evaluate(() => {
        const r = document.querySelector('[role=region][aria-label]');
        r.scrollTop = r.scrollHeight;
        return Number(r.querySelector('table').getAttribute('aria-rowcount')) - 1;
      });
      if (now > rows) {
        rows = now;
        loaded = Date.now();
        stable = 0;
      } else {
        stable++;
      }
      // The list fetches its next page when the end comes into view: wait for it to grow (or to have stopped).
      await s.page
        .waitForFunction(
          (n) =>
            Number(document.querySelector('[role=region][aria-label] table').getAttribute('aria-rowcount')) - 1 > n,
          rows,
          { timeout: 5_000, polling: 100 },
        )
        .catch(() => {});
    }
    if (rows < expectedRows) throw new Error(`the contacts list paged in ${rows} rows, not the ${expectedRows} loaded`);
    const loadSeconds = (loaded - loadStarted) / 1000;
    await s.page.evaluate(() => {
      document.querySelector('[role=region][aria-label]').scrollTop = 0;
    });
    const idle = await frames(s.page, 120, false);
    const scrolled = await frames(s.page, 100_000, true);
    const long = scrolled.gaps.filter((g) => g > 50).length;
    log(`contacts: ${rows} rows loaded in ${loadSeconds} s; ${scrolled.frames} frames to scroll through, ` +
      `p95 ${round(percentile(scrolled.gaps, 95))} ms, ${long} over 50 ms, at most ${scrolled.rowsMax} rows in the page`);
    const scenario = `web: contacts list of ${rows} rows, scrolled one screen per frame`;
    emit(scenario, 'browser (chromium), frame times while scrolling', {
      value: round(percentile(scrolled.gaps, 95)),
      unit: 'ms p95 frame',
      p50: round(percentile(scrolled.gaps, 50)),
      p95: round(percentile(scrolled.gaps, 95)),
      p99: round(percentile(scrolled.gaps, 99)),
      note: `${scrolled.frames} frames, ${long} over 50 ms; at most ${scrolled.rowsMax} rows in the page; ` +
        `${rows} rows paged in (50 a page) in ${loadSeconds} s`,
    });
    emit(scenario, 'baseline: the same page idle', {
      value: round(percentile(idle.gaps, 95)),
      unit: 'ms p95 frame',
      p50: round(percentile(idle.gaps, 50)),
      p95: round(percentile(idle.gaps, 95)),
      p99: round(percentile(idle.gaps, 99)),
    });
  } catch (e) {
    await where(s.page);
    throw e;
  } finally {
    await s.close();
  }
} catch (e) {
  failed = true;
  log(`failed: ${e instanceof Error ? e.message : e}`);
  emit('web: budgets', 'browser (chromium)', { failed: true, note: String(e instanceof Error ? e.message : e).slice(0, 200) });
} finally {
  await browser?.close();
}
// 3: a step failed and its row says so (bench/run writes a row of its own for any other failure, e.g. node's own 1).
process.exit(failed ? 3 : 0);
