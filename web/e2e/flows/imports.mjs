// Data in and out (issue 18): a sales rep imports a small, messy CSV through the web app — a byte order mark,
// semicolons, a quoted cell with a line break and a separator, an invalid email and a repeated email — meets a
// refused mapping on its row, fixes it, checks the file (dry run), imports it and follows it to done with its counts,
// downloads the rejected rows and reads them, reopens the import from the recent list, then exports the imported
// contacts (filtered by the tag the file gave them, two columns) as CSV and XLSX and reads the CSV; then imports two
// companies from the companies list (keyed by domain, one written as a URL in capitals). Everything it creates
// carries a tag or an industry unique to the run, and is deleted at the end, so the flow runs again.
import { readFileSync } from 'node:fs';
import { api, authorizationOf, base, step } from '../harness.mjs';

export const name = 'imports';
export const user = process.env.ATRIUM_E2E_USER ?? 'sales';
const WAIT = { timeout: 30_000 };

/** Splits RFC 4180 CSV (quoted cells may hold separators, quotes and line breaks) into rows of cells. */
export function parseCsv(text, separator = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export async function run(s) {
  const { page, label } = s;
  const run = `${label}-${Date.now().toString(36)}`;
  const tag = `import-${run}`;
  const ada = `ada.${run}@example.org`;
  const grace = `grace.${run}@example.org`;
  const fileName = `people-${run}.csv`;
  // BOM, semicolons, CRLF, a quoted cell with a line break and a separator, an invalid email, a repeated email.
  const csv =
    '\uFEFFE-mail;First Name;Last Name;Job;Tags;Notes\r\n' +
    `${ada};Ada;Lovelace;Analyst;${tag};"First line\nsecond line; still the same cell"\r\n` +
    `not-an-email;Bad;Address;Tester;${tag};x\r\n` +
    `${grace};Grace;Hopper;Admiral;${tag};"She said ""hello"""\r\n` +
    `${ada.toUpperCase()};Ada;Again;Analyst;${tag};repeat\r\n`;
  let authorization;
  let jobId;

  await step(`${label}: ${user} opens Import from the contacts list`, async () => {
    const token = authorizationOf(page);
    await s.signIn('/contacts');
    authorization = await token;
    await s.heading('Contacts');
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await s.heading('Import contacts');
    await page.getByRole('heading', { name: 'Your recent imports' }).waitFor();
    await page.locator('section[aria-labelledby=recent-imports] :is(table, p.muted)').first().waitFor(WAIT);
    await s.shot('import-upload');
    await s.axe('import-upload');
    await s.fitsScreen('the upload screen');
  });

  await step(`${label}: uploads a messy CSV and sees its columns with samples and a suggested mapping`, async () => {
    const uploaded = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/imports/contacts',
      WAIT,
    );
    await page
      .getByLabel('Choose a file to import')
      .setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const response = await uploaded;
    if (response.status() !== 201) throw new Error(`the upload answered ${response.status()}`);
    const request = response.request();
    if (request.headers()['content-type'] !== 'text/csv') throw new Error(`uploaded as ${request.headers()['content-type']}`);
    if (new URL(request.url()).searchParams.get('fileName') !== fileName) throw new Error('the upload did not name the file');
    jobId = (await response.json()).id;
    await page.waitForURL((url) => url.pathname === `/contacts/import/${jobId}`, WAIT);
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor(WAIT);
    // The BOM is not part of the first column's name; the separator was detected; the multi-line cell is one sample.
    await page.getByRole('rowheader', { name: 'E-mail', exact: true }).waitFor();
    await page.getByText('separated by “;”').waitFor();
    await page.getByText(/First line\s+second line; still the same cell/).waitFor();
    const emailTarget = await page.getByLabel('Import column E-mail into').inputValue();
    if (emailTarget !== 'email') throw new Error(`E-mail was suggested as "${emailTarget}"`);
    // Notes has no field of that name: it is not guessed — unless an earlier run saved a mapping for this layout of
    // columns, which the service then offers (so the phone run may start from the desktop run's mapping).
  });

  await step(`${label}: a refused mapping shows the service's problem on the column's row`, async () => {
    await page.getByLabel('Import column Last Name into').selectOption('firstName');
    const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/mapping'), WAIT);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    if ((await refused).status() !== 400) throw new Error('the double mapping was not refused');
    const select = page.getByLabel('Import column Last Name into');
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Import column Last Name into"]')?.getAttribute('aria-invalid') === 'true',
      null,
      WAIT,
    );
    const describedBy = await select.getAttribute('aria-describedby');
    const message = await page.locator(`[id="${describedBy}"]`).textContent();
    if (!/mapped from column First Name already/.test(message ?? '')) throw new Error(`the row says "${message}"`);
    await s.shot('import-mapping-problem');
  });

  await step(`${label}: maps Job to the job title, Tags to tags and Notes to a custom field, then checks the file`, async () => {
    await page.getByLabel('Import column Last Name into').selectOption('lastName');
    await page.getByLabel('Import column Job into').selectOption('jobTitle');
    await page.getByLabel('Import column Tags into').selectOption('tags');
    await page.getByLabel('Import column Notes into').selectOption('customFields.');
    await page.getByLabel('Custom field name for column Notes').fill('importNote');
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/mapping'), WAIT);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const put = await saved;
    if (put.status() !== 200) throw new Error(`the mapping answered ${put.status()}`);
    const sent = put.request().postDataJSON();
    const want = { 'E-mail': 'email', 'First Name': 'firstName', 'Last Name': 'lastName', Job: 'jobTitle', Tags: 'tags', Notes: 'customFields.importNote' };
    if (JSON.stringify(sent.columns) !== JSON.stringify(want) || sent.key !== 'email') {
      throw new Error(`sent the mapping ${JSON.stringify(sent)}`);
    }
    await page.getByText('The file has 4 rows. Importing would:').waitFor(WAIT);
    await expectCounts(page, 'check-result', { Created: '2', Updated: '0', Unchanged: '0', Rejected: '2' });
    await page.getByText('repeats the key of an earlier row of the file').waitFor();
    await page.getByText('not a valid value for the key').waitFor();
    await s.shot('import-check');
    await s.axe('import-check');
    await s.fitsScreen('the mapping and the check');
  });

  await step(`${label}: imports and follows the progress to done with the counts`, async () => {
    const ran = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/run'), WAIT);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const response = await ran;
    if (response.status() !== 202) throw new Error(`run answered ${response.status()}`);
    await page.getByText('Import finished: 4 rows read.').waitFor(WAIT);
    await expectCounts(page, 'import-run', { Created: '2', Updated: '0', Unchanged: '0', Rejected: '2' });
    await page.getByRole('button', { name: 'Check', exact: true }).waitFor({ state: 'detached' });
    if (await page.getByLabel('Import column E-mail into').isEnabled()) throw new Error('the mapping is still editable');
    await s.shot('import-done');
    await s.axe('import-done');
    await s.fitsScreen('the finished import');
  });

  await step(`${label}: downloads the rejected rows and finds the two bad rows with their errors`, async () => {
    const downloading = page.waitForEvent('download', WAIT);
    const fetched = page.waitForResponse((r) => r.url().endsWith(`/imports/contacts/${jobId}/rejected`), WAIT);
    await page.getByRole('button', { name: 'Download rejected rows (2)' }).click();
    const response = await fetched;
    if (!response.request().headers()['authorization']?.startsWith('Bearer ')) throw new Error('fetched without the token');
    const download = await downloading;
    if (download.suggestedFilename() !== `people-${run}-rejected.csv`) {
      throw new Error(`saved as ${download.suggestedFilename()}`);
    }
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    const [header, ...data] = rows.filter((r) => r.some((c) => c !== ''));
    for (const column of ['E-mail', 'First Name', 'Notes', 'Import row', 'Import error']) {
      if (!header.includes(column)) throw new Error(`the rejected rows lack the column ${column}: ${header}`);
    }
    if (data.length !== 2) throw new Error(`${data.length} rejected rows, not 2`);
    const cell = (row, column) => row[header.indexOf(column)];
    const invalid = data.find((r) => cell(r, 'E-mail') === 'not-an-email');
    const repeated = data.find((r) => cell(r, 'E-mail') === ada.toUpperCase());
    if (!invalid || !/not a valid value/.test(cell(invalid, 'Import error'))) throw new Error('the invalid email is not there');
    if (!repeated || !/repeats the key/.test(cell(repeated, 'Import error'))) throw new Error('the repeated email is not there');
    if (cell(repeated, 'Last Name') !== 'Again') throw new Error('the repeated row lost its cells');
  });

  await step(`${label}: the API has the imported contacts with their fields`, async () => {
    const found = await api(page, authorization, 'GET', `/api/v1/contacts?tag=${encodeURIComponent(tag)}&sort=name`);
    const items = found.items ?? [];
    if (items.length !== 2) throw new Error(`${items.length} contacts carry the tag, not 2`);
    const a = items.find((c) => c.emails?.some((e) => e.address === ada));
    if (!a || a.lastName !== 'Lovelace' || a.jobTitle !== 'Analyst') throw new Error(`Ada imported as ${JSON.stringify(a)}`);
    if (a.customFields?.importNote !== 'First line\nsecond line; still the same cell') {
      throw new Error(`Ada's note is ${JSON.stringify(a.customFields)}`);
    }
  });

  await step(`${label}: reopens the import from the recent list`, async () => {
    await page.getByRole('link', { name: 'Import another file' }).click();
    await s.heading('Import contacts');
    await page.getByRole('link', { name: fileName }).click();
    await page.waitForURL((url) => url.pathname === `/contacts/import/${jobId}`, WAIT);
    await page.getByText('Import finished: 4 rows read.').waitFor(WAIT);
  });

  await step(`${label}: exports the tagged contacts as CSV with the list's filter and visible columns`, async () => {
    await page.goto(`${base}/contacts?tag=${encodeURIComponent(tag)}&cols=name,email,jobTitle`);
    await s.heading('Contacts');
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'Export CSV' }).waitFor();
    await s.shot('export-menu');
    await s.axe('export-menu');
    const downloading = page.waitForEvent('download', WAIT);
    const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/exports/contacts', WAIT);
    await page.getByRole('menuitem', { name: 'Export CSV' }).click();
    const response = await fetched;
    const query = new URL(response.url()).searchParams;
    if (query.get('tag') !== tag || query.get('columns') !== 'name,email,jobTitle' || query.get('format') !== 'csv') {
      throw new Error(`exported with ${query}`);
    }
    const download = await downloading;
    if (!/\.csv$/.test(download.suggestedFilename())) throw new Error(`saved as ${download.suggestedFilename()}`);
    const rows = parseCsv(readFileSync(await download.path(), 'utf8')).filter((r) => r.some((c) => c !== ''));
    if (rows.length !== 3 || rows[0].length !== 3) throw new Error(`the export is ${JSON.stringify(rows)}`);
    const emails = rows.slice(1).map((r) => r[1]).sort();
    if (emails.join() !== [ada, grace].sort().join()) throw new Error(`the export has ${emails}`);
  });

  await step(`${label}: exports the same as XLSX, from the keyboard`, async () => {
    const downloading = page.waitForEvent('download', WAIT);
    await page.getByRole('button', { name: 'Export' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Export CSV', null, WAIT);
    await page.keyboard.press('ArrowDown');
    // The menu moves its focus on its own time: Enter only once XLSX has it (CI's desktop run saved the CSV).
    await page.waitForFunction(() => document.activeElement?.textContent === 'Export XLSX', null, WAIT);
    await page.keyboard.press('Enter');
    const download = await downloading;
    if (!/\.xlsx$/.test(download.suggestedFilename())) throw new Error(`saved as ${download.suggestedFilename()}`);
    const bytes = readFileSync(await download.path());
    if (bytes.subarray(0, 2).toString() !== 'PK') throw new Error('the XLSX is not a zip');
    // The focus stays on the list's Export button.
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Export'), null, WAIT);
  });

  await step(`${label}: deletes the imported contacts`, async () => {
    const found = await api(page, authorization, 'GET', `/api/v1/contacts?tag=${encodeURIComponent(tag)}`);
    for (const c of found.items ?? []) {
      await api(page, authorization, 'DELETE', `/api/v1/contacts/${c.id}`, undefined, { 'If-Match': `"${c.version}"` });
    }
  });

  await importCompanies(s, authorization, run);
}

/**
 * Companies: the same screen for another kind, keyed by the domain the service suggests — from the companies list's
 * Import, two companies checked and imported, found through the API and deleted. `run` makes them unique.
 */
export async function importCompanies(s, authorization, run) {
  const { page, label } = s;
  const industry = `Imported ${run}`;
  const companiesFile = `accounts-${run}.csv`;
  const domains = [`northwind-${run}.example`, `contoso-${run}.example`];
  const companiesCsv =
    'Name,Domain,Industry\r\n' +
    `Northwind ${run},${domains[0]},${industry}\r\n` +
    `Contoso ${run},https://www.${domains[1].toUpperCase()},${industry}\r\n`;
  let companiesJob;

  await step(`${label}: opens Import from the companies list and uploads a CSV of companies`, async () => {
    await page.goto(`${base}/companies`);
    await s.heading('Companies');
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await s.heading('Import companies');
    const current = page.getByRole('navigation', { name: 'What to import' }).getByRole('link', { name: 'Companies' });
    if ((await current.getAttribute('aria-current')) !== 'page') throw new Error('the kind switch does not mark Companies');
    const uploaded = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/imports/companies',
      WAIT,
    );
    await page
      .getByLabel('Choose a file to import')
      .setInputFiles({ name: companiesFile, mimeType: 'text/csv', buffer: Buffer.from(companiesCsv, 'utf8') });
    const response = await uploaded;
    if (response.status() !== 201) throw new Error(`the upload answered ${response.status()}`);
    companiesJob = (await response.json()).id;
    await page.waitForURL((url) => url.pathname === `/companies/import/${companiesJob}`, WAIT);
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor(WAIT);
    for (const [column, field] of [['Name', 'name'], ['Domain', 'domain']]) {
      const suggested = await page.getByLabel(`Import column ${column} into`).inputValue();
      if (suggested !== field) throw new Error(`${column} was suggested as "${suggested}"`);
    }
    const key = await page.getByLabel('Find existing companies by').inputValue();
    if (key !== 'domain') throw new Error(`the key is "${key}"`);
    await page.getByLabel('Import column Industry into').selectOption('industry');
    await s.shot('import-companies');
    await s.axe('import-companies');
    await s.fitsScreen('the companies mapping');
  });

  await step(`${label}: checks and imports the companies`, async () => {
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('The file has 2 rows. Importing would:').waitFor(WAIT);
    await expectCounts(page, 'check-result', { Created: '2', Updated: '0', Unchanged: '0', Rejected: '0' });
    const ran = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/imports/companies/${companiesJob}/run`), WAIT);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    if ((await ran).status() !== 202) throw new Error('the companies run was not accepted');
    await page.getByText('Import finished: 2 rows read.').waitFor(WAIT);
    await expectCounts(page, 'import-run', { Created: '2', Updated: '0', Unchanged: '0', Rejected: '0' });
    await page.getByRole('link', { name: 'See the companies' }).waitFor();
  });

  await step(`${label}: the API has both companies, their domains normalised; deletes them`, async () => {
    const found = await api(page, authorization, 'GET', `/api/v1/companies?industry=${encodeURIComponent(industry)}&sort=name`);
    const items = found.items ?? [];
    const got = items.map((c) => c.domain).sort();
    if (got.join() !== [...domains].sort().join()) throw new Error(`imported the domains ${got}`);
    for (const c of items) {
      await api(page, authorization, 'DELETE', `/api/v1/companies/${c.id}`, undefined, { 'If-Match': `"${c.version}"` });
    }
  });
}

/** The counts shown under a section (its heading's id): Created, Updated, Unchanged, Rejected. */
async function expectCounts(page, sectionId, want) {
  const section = page.locator(`section[aria-labelledby="${sectionId}"]`);
  for (const [term, value] of Object.entries(want)) {
    const shown = await section.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]').textContent();
    if (shown !== value) throw new Error(`${term}: ${shown}, not ${value}`);
  }
}
