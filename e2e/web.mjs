// The practitioner's journey in headless Chromium: sign in as a social
// worker, find a child, complete their assessment and send it for
// authorisation; their team manager authorises it; the worker sees it on the
// chronology and gone from the caseload's due list; then the performance
// dashboard; then an analyst uploads a return to check. Screenshots go to
// OUT_DIR. Run by crates/web/tests/e2e.rs, which starts the server and passes
// BASE_URL, USERNAME, PASSWORD, MANAGER, MANAGER_PASSWORD, CHILD, ASSESSMENT,
// TODAY, OUT_DIR, ANALYST and ANALYST_PASSWORD.
import { launch } from './browser.mjs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`${name} is not set`); process.exit(2); }
  return v;
};
const [base, username, password, manager, managerPassword, child, assessment, today, out, analyst, analystPassword] =
  ['BASE_URL', 'USERNAME', 'PASSWORD', 'MANAGER', 'MANAGER_PASSWORD', 'CHILD', 'ASSESSMENT', 'TODAY', 'OUT_DIR', 'ANALYST', 'ANALYST_PASSWORD'].map(env);
const assessmentDue = 'Single assessment authorised';

const { context: browser, close } = await launch({ width: 1280, height: 900 });
const fail = (m) => { throw new Error(m); };
let code = 0;
const page = await browser.newPage();

// A choice drawn as radios (a short list) or a drop-down (a long one).
const choose = async (name, value) => {
  const radio = page.locator(`input[type=radio][name=${name}][value="${value}"]`);
  if (await radio.count()) await radio.check(); else await page.selectOption(`select[name=${name}]`, value);
};
const chosen = async (name, value) => {
  const radio = page.locator(`input[type=radio][name=${name}][value="${value}"]`);
  return (await radio.count()) ? radio.isChecked() : (await page.inputValue(`select[name=${name}]`)) === value;
};
// The Design System's date input: day (carrying the field's ID), month and year.
const fillDate = async (id, iso) => {
  const [y, m, d] = iso.split('-');
  await page.fill(`#${id}`, String(Number(d)));
  await page.fill(`#${id}-month`, String(Number(m)));
  await page.fill(`#${id}-year`, y);
};
const signOut = async () => {
  await Promise.all([page.waitForURL(`${base}/signin`), page.getByRole('button', { name: 'Sign out' }).click()]);
};
const signIn = async (user, pass) => {
  await page.goto(`${base}/signin`);
  await page.fill('#username', user);
  await page.fill('#password', pass);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/signin'), page.click('main button[type=submit]')]);
};
try {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // Sign in.
  await page.goto(`${base}/signin`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/caseload`), page.click('main button[type=submit]')]);

  // The caseload lists the child with the assessment due.
  const childRow = () => page.locator('tbody tr', { has: page.locator(`a[href="/children/${child}"]`) });
  const dueCount = async () => page.locator('tbody tr').filter({ hasText: assessmentDue }).filter({ has: page.locator(`a[href="/children/${child}"]`) }).count();
  if (await childRow().count() === 0) fail(`child ${child} is not on the caseload`);
  if (await dueCount() !== 1) fail(`the caseload does not show the assessment due for ${child}`);
  await page.screenshot({ path: join(out, 'caseload-before.png'), fullPage: true });

  // Find the child by ID and open the record.
  await page.goto(`${base}/children`);
  await page.fill('#q', child);
  await Promise.all([page.waitForURL(/\/children\?q=/), page.click('main button[type=submit]')]);
  await Promise.all([page.waitForURL(`${base}/children/${child}`), page.click(`a[href="/children/${child}"]`)]);
  const before = await page.locator('table tbody tr').count();

  // Record the assessment's authorisation.
  await Promise.all([page.waitForURL(`${base}/children/${child}/record`), page.click(`main a[href="/children/${child}/record"]`)]);
  await Promise.all([page.waitForURL(/assessment-authorise$/), page.click('a[href$="/record/assessment-authorise"]')]);
  await choose('assessment', assessment);
  await page.check('input[name=factors][value="3A"]');
  await choose('outcome', 'child_in_need_plan');
  // A date after today is refused by the server, with the error beside the date and the entries kept.
  await fillDate('f-date', '2099-01-01');
  await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
  const dateError = await page.locator('#f-date-error').innerText().catch(() => '');
  if (!dateError.includes('is after today')) fail(`no error beside the date: '${dateError}'`);
  if (!(await chosen('outcome', 'child_in_need_plan'))) fail('the refused form lost the outcome');
  await page.screenshot({ path: join(out, 'record-form-refused.png'), fullPage: true });
  await fillDate('f-date', today);
  await page.screenshot({ path: join(out, 'record-form.png'), fullPage: true });
  await page.click('main button[type=submit]');
  await page.waitForLoadState('load');
  // A worker's assessment goes to a manager for authorisation (separation of duties).
  const request = page.url();
  if (!/\/authorisations\/\d+$/.test(request)) {
    const shown = await page.locator('.govuk-error-summary, .govuk-error-message').allInnerTexts();
    fail(`the form was not sent for authorisation: ${shown.join(' | ')}`);
  }
  await page.screenshot({ path: join(out, 'authorisation-requested.png'), fullPage: true });
  await signOut();
  await signIn(manager, managerPassword);
  await page.goto(request);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Authorise' }).click()]);
  const outcome = await page.locator('main').innerText();
  if (!outcome.includes('Authorised by')) fail(`the manager's authorisation is not shown: '${outcome.slice(0, 300)}'`);
  await signOut();
  await signIn(username, password);
  await page.goto(`${base}/children/${child}`);

  // The chronology shows it.
  const chronology = page.locator('#chronology');
  const text = await chronology.innerText();
  if (!text.includes(`Single assessment ${assessment} authorised`)) fail('the chronology does not show the authorisation');
  await page.screenshot({ path: join(out, 'chronology.png'), fullPage: true });

  // The caseload no longer shows the assessment as due.
  await page.goto(`${base}/caseload`);
  if (await childRow().count() === 0) fail(`child ${child} left the caseload`);
  if (await dueCount() !== 0) fail('the caseload still shows the assessment as due');
  await page.screenshot({ path: join(out, 'caseload-after.png'), fullPage: true });

  // The performance dashboard draws its charts.
  await page.click('nav a[href="/performance"]');
  await page.waitForURL(`${base}/performance`);
  const charts = await page.locator('.cf-report svg').count();
  if (charts === 0) fail('the performance page drew no charts');
  await page.screenshot({ path: join(out, 'performance.png'), fullPage: true });

  // An analyst checks an SSDA903 header whose sex code is not valid: rule 101 fires.
  await signOut();
  await signIn(analyst, analystPassword);
  await page.goto(`${base}/returns`);
  await page.selectOption('#which', 'ssda903');
  await page.fill('#year', '2026');
  const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,Q,01/01/2015,WBRI,UN1,,\n';
  await page.setInputFiles('#files', { name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from(header) });
  await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
  const findings = await page.locator('#findings').innerText().catch(() => '');
  if (!/\b101\b/.test(findings)) fail(`the upload's findings do not show rule 101: '${findings.slice(0, 200)}'`);
  await page.screenshot({ path: join(out, 'returns.png'), fullPage: true });

  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  console.log(`assessment recorded and shown (chronology had ${before} rows before); dashboard with ${charts} charts`);
} catch (e) {
  console.error(e.message);
  // Where it stopped, for whoever reads the failure.
  console.error(`at ${page.url()}`);
  await page.screenshot({ path: join(out, 'failure.png'), fullPage: true }).catch(() => {});
  code = 1;
} finally {
  await close();
}
process.exit(code);
