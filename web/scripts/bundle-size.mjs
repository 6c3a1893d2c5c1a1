// Prints the gzipped size of the JavaScript a first visit loads (the entry chunk and its static imports, from
// Vite's manifest) and fails the build above the budget (issue 16: 250 KB gzipped).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const child of manifest[key].imports ?? []) visit(child);
};
visit('index.html');
let total = 0;
for (const key of seen) {
  const file = manifest[key].file;
  if (!file.endsWith('.js')) continue;
  const size = gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
  total += size;
  console.log(`bundle-size: ${file} ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`bundle-size: initial JavaScript ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error('bundle-size: over budget');
  process.exit(1);
}
