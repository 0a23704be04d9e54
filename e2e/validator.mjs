// The browser validator (scripts/build-validator.sh's folder) in headless Chromium: the page is
// loaded over HTTP with the network on (from `carefile serve --validator`'s URL, or the folder
// served here as any static host would), then each case of a list is checked in it and its CSV
// and XLSX downloads saved (or its error's text) for the caller to compare with `carefile
// validate`. Fails on any request after the page loaded, a console or page error, or a serious
// accessibility finding; keeps screenshots.
//
// node e2e/validator.mjs URL|FOLDER CASES.json OUT
//   CASES: [{ "name", "which": "ssda903"|"cin", "year", "files": [...], "previous": [...], "la", "providers" }]
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { launch } from './browser.mjs';
import { axe } from './a11y.mjs';

const [where, casesFile, out] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
mkdirSync(out, { recursive: true });

const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
// The policy `carefile serve` gives the folder, as a header as well as the page's own meta.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
function serveFolder(folder) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const name = path === '/' ? 'index.html' : normalize(path).replace(/^\/+/, '');
    try {
      const body = readFileSync(join(folder, name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'content-security-policy': CSP });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const server = where.startsWith('http') ? null : await serveFolder(where);
const url = server ? `http://127.0.0.1:${server.address().port}/` : where;

const failures = [];
const { context, close } = await launch({ width: 1280, height: 900 });
const results = [];
try {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  let loaded = false;
  const before = [];
  page.on('request', (r) => {
    // A blob: URL is the page's own memory (the downloads), not the network.
    if (r.url().startsWith('blob:')) return;
    if (loaded) failures.push(`request after the page loaded: ${r.method()} ${r.url()}`);
    else before.push(r.url());
  });
  await page.goto(url);
  await page.waitForFunction(() => /^Ready|could not be loaded/.test(document.getElementById('status').textContent));
  const ready = await page.textContent('#status');
  if (!ready.startsWith('Ready')) throw new Error(`the page did not load its rules: ${ready}`);
  loaded = true;
  for (const v of await axe(page, 'validator', [])) failures.push(`accessibility (form): ${v.rule}: ${v.help}`);

  for (const c of cases) {
    await page.check(c.which === 'cin' ? '#which-cin' : '#which-ssda903');
    await page.fill('#year', String(c.year));
    await page.setInputFiles('#files', c.files);
    if (c.which !== 'cin') {
      await page.setInputFiles('#previous', c.previous ?? []);
      await page.setInputFiles('#providers', c.providers ? [c.providers] : []);
      await page.fill('#la', c.la ?? '');
    }
    await page.click('#run');
    await page.waitForFunction(() => /^Checked in|could not be checked/.test(document.getElementById('status').textContent));
    await page.screenshot({ path: join(out, `${c.name}.png`), fullPage: true });
    if (await page.isVisible('#error')) {
      const error = (await page.textContent('#error-text')).trim();
      writeFileSync(join(out, `${c.name}.error.txt`), error);
      results.push({ name: c.name, error });
      continue;
    }
    for (const v of await axe(page, c.name, [])) failures.push(`accessibility (${c.name}): ${v.rule}: ${v.help}`);
    for (const [button, ext] of [['#download-csv', 'csv'], ['#download-xlsx', 'xlsx']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      await download.saveAs(join(out, `${c.name}.${ext}`));
    }
    results.push({ name: c.name, counts: (await page.textContent('#counts')).trim(), status: (await page.textContent('#status')).trim() });
  }
  results.push({ loaded_with: before.length });
} catch (e) {
  failures.push(`${e.stack ?? e}`);
} finally {
  await close();
  server?.close();
}
for (const r of results) console.log(JSON.stringify(r));
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
