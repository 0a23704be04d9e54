// Running a fostering panel in headless Chromium (decision 007), as the three people who do it:
// the panel adviser schedules a sitting, lists the household the record says is ready, and
// records who attended (four members are refused as not quorate, with the rule; a fifth makes
// it quorate); the chair records the panel's recommendation; the agency decision maker finds the
// case on their tray, due seven working days after the sitting, opens the decision from it and
// approves the household, giving their reasons, which leaves the tray and shows on the
// household's page (with the reasons) and the sitting's. Every page is checked with axe-core; screenshots and panel-axe.json go to OUT_DIR.
// Run by crates/web/tests/e2e.rs, which serves the small demo with an assessed household and
// passes BASE_URL, OUT_DIR, TODAY, HOUSEHOLD, DECIDE_BY and USERS (role code → username, password).
import { launch } from './browser.mjs';
import { axe } from './a11y.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`${name} is not set`); process.exit(2); }
  return v;
};
const [base, out, today, household, decideBy] = ['BASE_URL', 'OUT_DIR', 'TODAY', 'HOUSEHOLD', 'DECIDE_BY'].map(env);
const users = JSON.parse(env('USERS'));
const fail = (m) => { throw new Error(m); };

const { context, close } = await launch({ width: 1280, height: 900 });
const page = await context.newPage();
const report = [];
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
let code = 0;

// Every page is checked: a serious or critical finding fails the journey.
const check = async (name) => {
  const blocking = await axe(page, name, report);
  if (blocking.length) fail(`${name}: ${blocking.map((v) => `${v.rule} (${v.impact}): ${v.nodes.join(', ')}`).join('; ')}`);
  await page.screenshot({ path: join(out, `panel-${name}.png`), fullPage: true });
};
const choose = async (name, value) => {
  const radio = page.locator(`input[type=radio][name=${name}][value="${value}"]`);
  if (await radio.count()) await radio.check(); else await page.selectOption(`select[name=${name}]`, value);
};
const fillDate = async (id, iso) => {
  const [y, m, d] = iso.split('-');
  await page.fill(`#${id}`, String(Number(d)));
  await page.fill(`#${id}-month`, String(Number(m)));
  await page.fill(`#${id}-year`, y);
};
const signIn = async (role) => {
  const u = users[role] || fail(`no demo user for ${role}`);
  await page.goto(`${base}/signin`);
  await page.fill('#username', u.username);
  await page.fill('#password', u.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/signin'), page.click('main button[type=submit]')]);
};
const signOut = async () => {
  await Promise.all([page.waitForURL(`${base}/signin`), page.getByRole('button', { name: 'Sign out' }).click()]);
};
const save = async (url) => {
  await Promise.all([page.waitForURL(url), page.click('main button[type=submit]:has-text("Save")')]);
};
const person = async (n, name, role, independent) => {
  await page.fill(`#f-name-${n}`, name);
  await page.selectOption(`#f-role-${n}`, role);
  if (independent) await page.check(`#f-independent-${n}`);
};

try {
  // ---- the panel adviser ----
  await signIn('panel-adviser');
  await Promise.all([page.waitForURL(`${base}/panels`), page.click('nav a[href="/panels"]')]);
  if (!(await page.textContent('main')).includes('Fostering panel: 1 household ready for the panel')) fail('the assessed household is not waiting to be listed');
  await check('list');
  await Promise.all([page.waitForURL(/\/panels\/new\/record\/schedule$/), page.click('main a:has-text("Schedule a sitting")')]);
  await choose('panel', 'fostering');
  await fillDate('f-date', today);
  await check('schedule');
  await save(/\/panels\/S\d+\/record/);
  const sitting = page.url().match(/\/panels\/(S\d+)\//)[1];
  await page.goto(`${base}/panels/${sitting}`);
  const ready = page.locator('main tr', { has: page.locator(`a[href="/households/${household}"]`) });
  if (await ready.count() !== 1) fail(`household ${household} is not among those ready for the sitting`);
  await check('sitting-scheduled');
  await Promise.all([page.waitForURL(/\/record/), ready.locator('button:has-text("List")').click()]);
  await page.goto(`${base}/panels/${sitting}`);
  if (!(await page.textContent('#agenda + table, main')).includes('Approval as foster carers')) fail('the case is not on the agenda');

  // Who attended: four members are not a quorum.
  await Promise.all([page.waitForURL(`${base}/panels/${sitting}/held`), page.click('main a:has-text("Record who attended")')]);
  await person(1, 'Sue Tribe', 'chair', true);
  await person(2, 'Ann Cole', 'social_worker', false);
  await person(3, 'Raj Patel', 'member', false);
  await person(4, 'Jo Wren', 'member', false);
  await person(5, 'Kim Lo', 'panel_adviser', false);
  await page.click('main button[type=submit]:has-text("Save")');
  await page.locator('.govuk-error-summary li').first().waitFor();
  const summary = await page.locator('.govuk-error-summary', { has: page.locator('li') }).innerText();
  if (!summary.includes('The panel is not quorate: 4 members of 5')) fail(`no quorum error: ${summary}`);
  if (!summary.includes('reg 24')) fail('the quorum error does not cite the regulation');
  await check('held-not-quorate');
  await person(6, 'Tom Hale', 'member', true);
  await save(new RegExp(`/panels/${sitting}#agenda$`));
  if (!(await page.textContent('main')).includes('Quorate')) fail('the sitting is not shown quorate');
  await check('sitting-held');
  await signOut();

  // ---- the chair ----
  await signIn('panel-chair');
  await page.goto(`${base}/panels/${sitting}`);
  await Promise.all([page.waitForURL(/\/record\/hear\?case=1$/), page.click('main a:has-text("Record the recommendation")')]);
  await choose('case', '1');
  await choose('recommendation', 'approve');
  await page.fill('#f-reasons', 'A thorough assessment: the household understands the needs of children in care, with strong references.');
  await choose('quality', 'good');
  await choose('unanimous', 'yes');
  await check('recommendation');
  await save(/\/panels\/S\d+\/record/);
  await signOut();

  // ---- the agency decision maker ----
  await signIn('agency-decision-maker');
  await page.goto(`${base}/tray`);
  const item = page.locator('main tr', { hasText: 'Decide: Approval as foster carers' });
  if (await item.count() !== 1) fail('the case is not on the agency decision maker\'s tray');
  const due = await item.textContent();
  const [y, m, d] = decideBy.split('-').map(Number);
  const shown = `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
  if (!due.includes(shown)) fail(`the decision is not shown due on ${decideBy} (${shown}): ${due}`);
  await check('adm-tray');
  await Promise.all([page.waitForURL(new RegExp(`/panels/${sitting}#case-1$`)), item.locator(`a[href^="/panels/${sitting}"]`).click()]);
  await check('adm-sitting');
  await Promise.all([page.waitForURL(/\/fostering\/record\/approve\?/), page.click('main a:has-text("Decide: Approve")')]);
  if (await page.inputValue('#f-sitting') !== sitting) fail('the decision form does not name the sitting');
  await choose('carer_type', 'mainstream');
  await page.fill('#f-age_from', '0');
  await page.fill('#f-age_to', '10');
  await page.fill('#f-children', '2');
  const reasons = 'The assessment and the panel agree: a stable, reflective household with strong support.';
  await page.fill('#f-reasons', reasons);
  await check('adm-decision');
  await save(new RegExp(`/households/${household}/fostering/record`));
  await page.goto(`${base}/households/${household}`);
  const shownHousehold = await page.textContent('main');
  if (!shownHousehold.includes('Approved since')) fail('the household is not shown approved');
  if (!shownHousehold.includes(reasons)) fail('the household does not show the agency decision maker\'s reasons');
  await check('household-approved');
  await page.goto(`${base}/panels/${sitting}`);
  if (!(await page.textContent('main')).includes('Approve on')) fail('the sitting does not show the decision');
  await page.goto(`${base}/tray`);
  if (await page.locator('main tr', { hasText: 'Decide: Approval as foster carers' }).count() !== 0) fail('the decision is still on the tray');
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  console.log(`panel run in the browser: sitting ${sitting}, ${report.length} pages checked with axe`);
} catch (e) {
  console.error(e.stack || String(e));
  await page.screenshot({ path: join(out, 'panel-failure.png'), fullPage: true }).catch(() => {});
  code = 1;
} finally {
  writeFileSync(join(out, 'panel-axe.json'), JSON.stringify(report, null, 2));
  await close();
}
process.exit(code);
