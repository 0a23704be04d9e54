// Every page, as each role sees it, checked with axe-core (WCAG 2.0/2.1/2.2 A
// and AA: no serious or critical finding allowed) and photographed; errors
// shown where they happen (a wrong password, a restricted child, a refused
// form, a page that does not exist); then one journey done with the keyboard
// alone: sign in, find a child, record a visit, see it, sign out.
// Run by crates/web/tests/e2e.rs, which starts the server and passes
// BASE_URL, OUT_DIR, USERS (JSON: role code -> {username, password}), CHILD
// (a child on the social worker's caseload), RESTRICTED (a restricted child
// on it), TODAY and SERVER_NOW (the server's fixed clock, Unix seconds, for
// the administrator's TOTP codes). Findings of every impact go to OUT_DIR/axe.json.
import { launch } from './browser.mjs';
import { axe, tabTo } from './a11y.mjs';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`${name} is not set`); process.exit(2); }
  return v;
};
const [base, out, child, restricted, today, serverNow] = ['BASE_URL', 'OUT_DIR', 'CHILD', 'RESTRICTED', 'TODAY', 'SERVER_NOW'].map(env);
const users = JSON.parse(env('USERS'));
const fail = (m) => { throw new Error(m); };

const report = [];
const blocking = [];
const pageErrors = [];
// Set while a step provokes failed requests on purpose.
let provoking = false;
let checked = 0;

const { context, close } = await launch({ width: 1280, height: 900 });
let page = await context.newPage();
const watch = (p) => {
  p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
  // A refused page's own status (401, 403, 404, 422) is what this test asks for; any other failed load or error is not.
  p.on('console', (m) => {
    const own = m.location().url === p.url() && /status of 4\d\d/.test(m.text());
    if (m.type() === 'error' && !own && !provoking) pageErrors.push(`${p.url()}: console: ${m.text()} (${m.location().url})`);
  });
};
watch(page);

// What the Content-Security-Policy (decision 005) would refuse: inline style or script, hx-on handlers.
async function inlineCode() {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.hasAttribute('style')) found.push(`style= on <${el.tagName.toLowerCase()}>`);
      if (el.tagName === 'STYLE') found.push('<style>');
      if (el.tagName === 'SCRIPT' && !el.src) found.push('inline <script>');
      for (const a of el.getAttributeNames()) if (a.startsWith('hx-on') || a.startsWith('on')) found.push(`${a}= on <${el.tagName.toLowerCase()}>`);
    }
    return found;
  });
}

// Checks the page as it stands, and keeps a screenshot.
async function check(name, expectStatus) {
  const inline = await inlineCode();
  if (inline.length) blocking.push(`${name}: the Content-Security-Policy would refuse ${[...new Set(inline)].join(', ')}`);
  const found = await axe(page, name, report);
  for (const v of found) blocking.push(`${name}: ${v.rule} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
  await page.screenshot({ path: join(out, `look-${name}.png`), fullPage: true });
  checked += 1;
  if (expectStatus) {
    const title = await page.title();
    if (!title.includes(expectStatus)) fail(`${name}: the window title '${title}' does not say '${expectStatus}'`);
  }
}

async function visit(path, name, status = 200) {
  const res = await page.goto(`${base}${path}`);
  if (res.status() !== status) fail(`${path}: HTTP ${res.status()}, expected ${status}`);
  await check(name);
}

// Submits the page's form and waits for the answer to load (an error answer is on the same address).
async function submit() {
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

async function signIn(role) {
  const u = users[role];
  await page.goto(`${base}/signin`);
  await page.fill('#username', u.username);
  await page.fill('#password', u.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/signin'), page.click('main button[type=submit]')]);
}

// The code an authenticator app shows for a base32 secret at `seconds` (RFC 6238: HMAC-SHA-1, 6 digits, 30 s).
function totp(secret, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/\s+/g, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const at = h[19] & 15;
  return String((h.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function signOut() {
  await Promise.all([page.waitForURL(`${base}/signin`), page.getByRole('button', { name: 'Sign out' }).click()]);
}

let code = 0;
try {
  // Anonymous: sign-in, and a wrong password that must be shown, in the error summary and beside the field.
  await visit('/signin', 'signin');
  await page.fill('#username', users['social-worker'].username);
  await page.fill('#password', 'not the password');
  await submit();
  const summary = await page.locator('[data-module=govuk-error-summary]').innerText().catch(() => '');
  if (!summary.includes('wrong username or password')) fail(`a wrong password shows no error: '${summary}'`);
  if (!(await page.locator('#username-error').innerText()).includes('wrong username or password')) fail('no error beside the username');
  if ((await page.inputValue('#username')) !== users['social-worker'].username) fail('the refused sign-in lost the username');
  await check('signin-refused', 'Error: ');
  await visit('/accessibility', 'accessibility');

  // The social worker.
  await signIn('social-worker');
  await visit('/caseload', 'caseload');
  await visit('/children', 'find');
  await visit(`/children?q=${encodeURIComponent(child)}`, 'find-results');
  await visit(`/children/${child}`, 'child');
  const recorders = await page.locator('#chronology tbody tr td:nth-child(3)').allInnerTexts();
  if (!recorders.length || recorders.some((t) => /\bW\d{6}\b/.test(t))) fail(`the chronology names staff by ID: ${recorders.join(' | ')}`);
  await visit(`/children/${child}/chronology`, 'chronology');
  await visit(`/children/${child}/chronology?print=1`, 'chronology-print');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(out, 'chronology-print.pdf') });
  await page.screenshot({ path: join(out, 'look-chronology-printed.png'), fullPage: true });
  if (await page.locator('.govuk-service-navigation').isVisible()) fail('the printed chronology shows the navigation');
  if (await page.locator('.app-footer').isVisible()) fail('the printed chronology shows the footer');
  await page.emulateMedia({ media: 'screen' });
  await visit(`/children/${child}/notes`, 'notes');
  await visit(`/children/${child}/notes/new`, 'note-new');
  await visit(`/children/${child}/documents`, 'documents');
  await visit(`/children/${child}/plans`, 'plans');
  await visit(`/children/${child}/record`, 'record-menu');
  await visit(`/children/${child}/record/visit`, 'record-visit');
  // A refused form: the error summary links to the field, which keeps what was typed.
  await page.fill('#f-date', '31');
  await page.fill('#f-date-month', '2');
  await page.fill('#f-date-year', '2026');
  await submit();
  const formSummary = await page.locator('[data-module=govuk-error-summary]').innerText().catch(() => '');
  if (!formSummary.includes('must be a real date')) fail(`the refused visit shows no error summary: '${formSummary}'`);
  if ((await page.inputValue('#f-date')) !== '31') fail('the refused form lost the day typed');
  await check('record-visit-refused', 'Error: ');
  // A restricted child: the page explains and offers break glass; too short a reason is refused beside the field.
  await visit(`/children/${restricted}`, 'restricted', 403);
  if (!(await page.locator('main').innerText()).includes('restricted')) fail('the restricted page does not explain');
  await page.fill('#reason', 'because');
  await submit();
  if (!(await page.locator('#reason-error').innerText().catch(() => '')).includes('at least')) fail('a short break-glass reason is not refused beside the field');
  await check('restricted-refused', 'Error: ');
  await visit('/children/C999999999', 'not-found', 404);
  await visit('/team', 'team-refused', 403);
  await visit('/performance', 'performance');
  // htmx shows an error answer rather than dropping it, and says so when a request gets no answer at all.
  provoking = true;
  await page.evaluate(() => window.htmx.ajax('GET', '/children/C999999999', { target: 'main', swap: 'innerHTML' }));
  await page.waitForFunction(() => document.querySelector('main').innerText.includes('Page not found'));
  await page.goto(`${base}/performance`);
  await page.route('**/no-answer', (route) => route.abort());
  await page.evaluate(() => window.htmx.ajax('GET', '/no-answer', { target: 'main', swap: 'innerHTML' }).catch(() => {}));
  await page.waitForFunction(() => !document.getElementById('app-request-error').hidden);
  const said = await page.locator('#app-request-error').innerText();
  if (!said.includes('could not be reached')) fail(`a request with no answer is not shown: '${said}'`);
  provoking = false;
  await check('htmx-no-answer');
  await signOut();

  // The team manager.
  await signIn('team-manager');
  await visit('/team', 'team');
  const teamText = await page.locator('main').innerText();
  const open = Number((teamText.match(/([\d,]+) child(?:ren)? open to/) || [, 'NaN'])[1].replace(/,/g, ''));
  if (!(open > 0 && open < 2000)) fail(`the team page's count of open children is not believable: '${teamText.slice(0, 200)}'`);
  await visit('/team/unallocated', 'team-unallocated');
  await visit('/team/overdue', 'team-overdue');
  await visit('/team/activity', 'team-activity');
  await visit('/caseload', 'caseload-manager');
  await signOut();

  // The analyst and the administrator.
  await signIn('analyst');
  await visit('/returns', 'returns');
  await page.selectOption('#which', 'ssda903');
  const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,Q,01/01/2015,WBRI,UN1,,\n';
  await page.setInputFiles('#files', { name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from(header) });
  await submit();
  await check('returns-findings');
  await signOut();
  // The administrator's role needs a second factor: set up at the first sign-in with the QR code's key.
  await signIn('admin');
  if (new URL(page.url()).pathname !== '/signin/code') fail(`the administrator was not asked for a second factor: ${page.url()}`);
  await check('signin-enrol');
  const secret = await page.locator('#totp-secret').innerText();
  await page.fill('#code', '000000' === totp(secret, Number(serverNow)) ? '111111' : '000000');
  await submit();
  await check('signin-enrol-wrong-code', 'Error: ');
  await page.fill('#code', totp(secret, Number(serverNow)));
  await submit();
  await check('recovery-codes');
  const codes = await page.locator('#recovery-codes li').allInnerTexts();
  if (codes.length !== 10) fail(`${codes.length} recovery codes shown, not 10`);
  await visit('/admin/users', 'admin-users');
  await visit('/admin/audit', 'admin-audit');
  await signOut();

  // One journey with the keyboard alone, in a fresh page.
  await page.close();
  page = await context.newPage();
  watch(page);
  const sw = users['social-worker'];
  await page.goto(`${base}/signin`);
  let presses = 0;
  presses += await tabTo(page, 'the skip link', (f) => f.text === 'Skip to main content');
  presses += await tabTo(page, 'the username', (f) => f.id === 'username');
  await page.keyboard.type(sw.username);
  presses += await tabTo(page, 'the password', (f) => f.id === 'password');
  await page.keyboard.type(sw.password);
  await Promise.all([page.waitForURL(`${base}/caseload`), page.keyboard.press('Enter')]);
  presses += await tabTo(page, 'Find a child', (f) => f.text === 'Find a child');
  await Promise.all([page.waitForURL(`${base}/children`), page.keyboard.press('Enter')]);
  presses += await tabTo(page, 'the search box', (f) => f.id === 'q');
  await page.keyboard.type(child);
  await Promise.all([page.waitForURL(/\/children\?q=/), page.keyboard.press('Enter')]);
  presses += await tabTo(page, 'the child found', (f) => f.href === `/children/${child}`);
  await Promise.all([page.waitForURL(`${base}/children/${child}`), page.keyboard.press('Enter')]);
  presses += await tabTo(page, 'Record something', (f) => f.text === 'Record something');
  await Promise.all([page.waitForURL(`${base}/children/${child}/record`), page.keyboard.press('Enter')]);
  presses += await tabTo(page, 'the visit form', (f) => f.href.endsWith('/record/visit'));
  await Promise.all([page.waitForURL(/\/record\/visit$/), page.keyboard.press('Enter')]);
  const [y, m, d] = today.split('-');
  presses += await tabTo(page, 'the day', (f) => f.id === 'f-date');
  await page.keyboard.type(String(Number(d)));
  await page.keyboard.press('Tab');
  await page.keyboard.type(String(Number(m)));
  await page.keyboard.press('Tab');
  await page.keyboard.type(y);
  presses += 3;
  presses += await tabTo(page, 'the child was seen', (f) => f.id === 'f-seen');
  await page.keyboard.press('Space');
  presses += await tabTo(page, 'Save', (f) => f.tag === 'button' && f.text === 'Save');
  await Promise.all([page.waitForURL(`${base}/children/${child}`), page.keyboard.press('Enter')]);
  const latest = await page.locator('#chronology').innerText();
  if (!/visit/i.test(latest)) fail(`the visit recorded by keyboard is not on the chronology: '${latest.slice(0, 300)}'`);
  await page.screenshot({ path: join(out, 'look-keyboard-recorded.png'), fullPage: true });
  presses += await tabTo(page, 'Sign out', (f) => f.tag === 'button' && f.text === 'Sign out');
  await Promise.all([page.waitForURL(`${base}/signin`), page.keyboard.press('Enter')]);

  writeFileSync(join(out, 'axe.json'), JSON.stringify(report, null, 2));
  if (blocking.length) fail(`axe found ${blocking.length} serious or critical problems:\n  ${blocking.join('\n  ')}`);
  if (pageErrors.length) fail(`page errors:\n  ${pageErrors.join('\n  ')}`);
  const minor = report.reduce((n, r) => n + r.violations.length, 0);
  console.log(`look: ${checked} pages checked with axe (${minor} moderate or minor findings, in axe.json); keyboard journey in ${presses} presses of Tab`);
} catch (e) {
  writeFileSync(join(out, 'axe.json'), JSON.stringify(report, null, 2));
  console.error(e.message);
  console.error(`at ${page.url()}`);
  await page.screenshot({ path: join(out, 'look-failure.png'), fullPage: true }).catch(() => {});
  code = 1;
} finally {
  await close();
}
process.exit(code);
