// Headless Debian chromium for carefile's browser tests, in a fresh profile
// that close() removes. The flags keep chromium off the network it cannot
// reach and let it run as root in CI.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function launch(viewport) {
  const profile = mkdtempSync(join(tmpdir(), 'carefile-chromium-'));
  // playwright passes the fresh profile as --user-data-dir itself.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport,
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

// Opens a self-contained file (a report) in a new page. Console errors, page errors and any
// request for something other than the file itself are added to `failures`.
export async function openFile(context, file, failures) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) failures.push(`network request: ${r.url()}`); });
  await page.goto(pathToFileURL(resolve(file)).href);
  return page;
}

// Prints the page as the committee's paper (A4 landscape) to `pdf`; an empty PDF is a failure.
export async function printPdf(page, pdf, failures) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
  if (statSync(pdf).size < 1000) failures.push('the PDF is empty');
}
