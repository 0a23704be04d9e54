// Two whole journeys in the browser, each step by the role that does it (#13):
// (a) a child found at the front door and registered; contact and referral
// decided by the team manager from their tray; assessment, strategy
// discussion, section 47 enquiry (concluded by the manager), initial
// conference and child protection plan by the chair; the plan as a document
// with actions, signed off by the manager; visits and review conferences;
// step-down to a child in need plan and closure, authorised from the tray.
// (b) a young person coming into care: placement, care and placement plans,
// visits, health and dental checks, reviews with their independent reviewing
// officer (minutes issued from the officer's tray, a midway check), a move,
// a pathway plan, leaving care and the care leaver's contact.
// Every page is checked with axe-core and photographed; the chronology and the
// trays are read at each turn. Prints "journey child: <ID>" for each child, so
// that crates/web/tests/e2e.rs can check the returns exported from them.
// Environment: BASE_URL, OUT_DIR, USERS (role code -> {username, password,
// worker}), TODAY.
import { launch } from './browser.mjs';
import { axe } from './a11y.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`${name} is not set`); process.exit(2); }
  return v;
};
const [base, out, today] = ['BASE_URL', 'OUT_DIR', 'TODAY'].map(env);
const users = JSON.parse(env('USERS'));
const fail = (m) => { throw new Error(m); };
const sw = users['social-worker'];
const tm = users['team-manager'];
const chair = users['conference-chair'];
const iro = users['reviewing-officer'];

const { context, close } = await launch({ width: 1280, height: 900 });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
const report = [];
const blocking = [];
let checked = 0;
let who = null;

// axe-core on the page as it stands (no serious or critical finding), once for each kind of page
// (its address with the identifiers taken out) and for each named one; a screenshot when named.
const seen = new Set();
async function look(shot) {
  const kind = new URL(page.url()).pathname.replace(/\/(C\d+|\d+)(?=\/|$)/g, '/{id}');
  const name = shot || kind.replace(/[^a-z0-9{}]+/gi, '-');
  if (!shot && seen.has(kind)) return;
  seen.add(kind);
  for (const v of await axe(page, name, report)) blocking.push(`${name}: ${v.rule} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
  checked += 1;
  if (shot) await page.screenshot({ path: join(out, `journey-${shot}.png`), fullPage: true });
}

async function signIn(user) {
  if (who === user.username) return;
  if (who !== null) {
    await Promise.all([page.waitForURL(`${base}/signin`), page.getByRole('button', { name: 'Sign out' }).click()]);
  }
  await page.goto(`${base}/signin`);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/signin'), page.click('main button[type=submit]')]);
  who = user.username;
}

async function go(path) {
  const res = await page.goto(`${base}${path}`);
  if (res.status() !== 200) fail(`${path}: HTTP ${res.status()} for ${who}`);
  await look();
}

// What the page shows as refused, for a failure's message.
const shownErrors = async () => (await page.locator('.govuk-error-summary:visible, .govuk-error-message:visible').allInnerTexts()).join(' | ');

// Fills one field of a Design System form by its name: radios or a drop-down for a choice, the
// day, month and year boxes (and the time) for a date, checkboxes for yes or for several choices.
async function fill(name, value) {
  if (value === true) return page.check(`main input[type=checkbox][name="${name}"]`);
  if (Array.isArray(value)) {
    for (const v of value) await page.check(`main input[type=checkbox][name="${name}"][value="${v}"]`);
    return;
  }
  const radio = page.locator(`main input[type=radio][name="${name}"][value="${value}"]`);
  if (await radio.count()) return radio.check();
  if (await page.locator(`main select[name="${name}"]`).count()) return page.selectOption(`main select[name="${name}"]`, value);
  const id = await page.locator(`main [name="${name}-day"]`).getAttribute('id').catch(() => null);
  if (id) {
    const [d, t] = value.split('T');
    const [y, m, day] = d.split('-');
    await page.fill(`#${id}`, String(Number(day)));
    await page.fill(`#${id}-month`, String(Number(m)));
    await page.fill(`#${id}-year`, y);
    if (t) await page.fill(`main [name="${name}-time"]`, t);
    return;
  }
  await page.fill(`main [name="${name}"]`, value);
}

// Fills and sends the form at `path` (inside the details element `opening`, if given); the
// address it lands on.
async function send(path, values, button = 'main button[type=submit]', opening = null) {
  await go(path);
  if (opening) await page.locator('main summary', { hasText: opening }).click();
  for (const [k, v] of Object.entries(values)) await fill(k, v);
  const [res] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  if (!res || res.status() >= 400 || (await page.locator('.govuk-error-summary:visible').count())) {
    fail(`${path} as ${who} was refused (HTTP ${res && res.status()}): ${await shownErrors()}`);
  }
  await look();
  return page.url();
}

// Whether the signed-in user's tray links to `href`, turning its pages as a user would; left on
// the page that holds it. (What has left the trays is checked by the Rust test on the server's
// own trays, rather than by turning every page.)
async function onTray(href) {
  await go('/tray');
  for (;;) {
    if (await page.locator(`main a[href="${href}"]`).count()) return true;
    const next = page.locator('.govuk-pagination__next a');
    if (await next.count() === 0) return false;
    await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), next.click()]);
  }
}

// Opens `href` from the signed-in user's tray (photographed as `shot` if given).
async function openFromTray(href, shot) {
  if (!(await onTray(href))) fail(`${href} is not on ${who}'s tray`);
  if (shot) await look(shot);
  await Promise.all([page.waitForURL(`${base}${href}`), page.locator(`main a[href="${href}"]`).first().click()]);
}

// Records one entry through its declared form; a worker's step that needs a manager becomes a
// request, which `manager` authorises from their tray.
async function record(child, slug, values, manager) {
  const landed = await send(`/children/${child}/record/${slug}`, values);
  const request = landed.match(/\/authorisations\/(\d+)$/);
  if (manager === undefined) {
    if (request) fail(`${slug} by ${who} went for authorisation unexpectedly`);
    return;
  }
  if (!request) fail(`${slug} by ${who} was not sent for authorisation (landed on ${landed})`);
  const href = new URL(landed).pathname;
  const recorder = who === sw.username ? sw : who === tm.username ? tm : null;
  await signIn(manager);
  await openFromTray(href, slug === 'referral-decision' ? 'tray-manager' : null);
  await look();
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Authorise' }).click()]);
  const text = await page.locator('main').innerText();
  if (!text.includes('Authorised by')) fail(`${slug}: the manager's authorisation is not shown: ${text.slice(0, 300)}`);
  await look();
  if (recorder) await signIn(recorder);
}

// The child's chronology holds each of `sentences`.
async function chronologyHas(child, sentences) {
  await go(`/children/${child}/chronology`);
  const text = await page.locator('main').innerText();
  const missing = sentences.filter((s) => !text.includes(s));
  if (missing.length) fail(`the chronology of ${child} lacks: ${missing.join(' / ')}`);
}


// The front door: search the whole authority, then register the child none of the results is.
async function register(forename, surname, dob, sex, ethnicity) {
  const [y, m, d] = dob.split('-');
  await go(`/front-door?forename=${forename}&surname=${surname}&dob-day=${Number(d)}&dob-month=${Number(m)}&dob-year=${y}`);
  const link = page.locator('main a', { hasText: 'None of these: register a new child' });
  await Promise.all([page.waitForURL(/\/children\/new/), link.click()]);
  if ((await page.inputValue('#surname')) !== surname) fail('the registration form lost the search');
  await page.selectOption('main select[name=sex]', sex);
  await page.selectOption('main select[name=ethnicity]', ethnicity);
  await look();
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  // Records that may be the same child are shown first: the worker checks them and says so.
  if (await page.locator('main input[name=checked]').count()) {
    await look(`possible-duplicates-${surname.toLowerCase()}`);
    await page.check('main input[name=checked]');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  }
  if (!/\/children\/C\w+$/.test(page.url())) fail(`${forename} ${surname} was not registered: ${await shownErrors()}`);
  return new URL(page.url()).pathname.split('/').pop();
}

// A plan as a document: needs, outcomes and an action for the worker, sent for sign-off; the
// manager signs it off from their tray.
async function plan(child, kind, need, action, by) {
  const landed = await send(`/children/${child}/plans/new?kind=${kind}`, {
    summary: `Plan agreed for ${need.toLowerCase()}.`,
    'need-1-text': need,
    'outcome-1-need': '1',
    'outcome-1-text': 'The child is safe and well at home',
    'action-1-what': action,
    'action-1-worker': sw.worker,
    'action-1-by': by,
  }, 'main button:text-is("Save")');
  const href = new URL(landed).pathname;
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Send for sign-off' }).click()]);
  await signIn(tm);
  await openFromTray(href);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign off the plan' }).click()]);
  if (!(await page.locator('main').innerText()).includes('signed off by')) fail(`${href} was not signed off`);
  await look(`plan-${kind}`);
  await signIn(sw);
}

let code = 0;
try {
  // ---- (a) child protection: from the front door to closure ----
  await signIn(sw);
  const cp = await register('Ellie', 'Mayfield', '2022-05-10', 'F', 'WBRI');
  await look('cp-registered');
  await record(cp, 'details', { upn_unknown: 'UN1', disabilities: ['NONE'], amendment_reason: 'UPN status and disabilities known after the first visit' });
  await record(cp, 'contact', { at: '2025-06-02T09:30', source: '3B' });
  await record(cp, 'contact-decision', { contact: '1', at: '2025-06-02T14:00', outcome: 'referral' }, tm);
  await record(cp, 'referral', { at: '2025-06-02T15:00', source: '3B', contact: '1' });
  await record(cp, 'referral-decision', { referral: '1', at: '2025-06-02T16:30', next: 'assessment' }, tm);
  await record(cp, 'primary-need', { referral: '1', need: 'N1' });
  await record(cp, 'assessment-start', { referral: '1', date: '2025-06-03' });
  await record(cp, 'strategy-discussion', { referral: '1', at: '2025-06-04T11:00', s47: true });
  await record(cp, 's47-start', { referral: '1', date: '2025-06-04', discussion: '1' });
  await record(cp, 's47-conclude', { s47: '1', date: '2025-06-13', icpc_required: true }, tm);
  // The manager assigns the chair, who records the initial conference and the plan it decided: the
  // child is the chair's from the enquiry that asked for a conference.
  await signIn(tm);
  await record(cp, 'reviewer', { date: '2025-06-13', worker: chair.worker, role: 'conference_chair' });
  await signIn(chair);
  await record(cp, 'icpc', { referral: '1', s47: '1', date: '2025-06-20', plan: true });
  await record(cp, 'cp-plan-start', { referral: '1', date: '2025-06-20', category: 'NEG' });
  await signIn(sw);
  await plan(cp, 'child_protection', 'Neglect of basic care', 'Weekly home visits with the health visitor', '2025-07-31');
  await record(cp, 'visit', { date: '2025-06-27', seen: true });
  await record(cp, 'assessment-authorise', { assessment: '1', date: '2025-07-25', completed: '2025-07-24', factors: ['16A'], outcome: 'continue_existing_plan' }, tm);
  // The chair records the review conferences; the plan's end, decided at the last, is recorded by
  // the manager here: dated in December, its minutes long due, the record is no longer the chair's
  // once saved.
  await signIn(chair);
  await record(cp, 'cp-review', { plan: '1', date: '2025-09-19' });
  await record(cp, 'cp-review', { plan: '1', date: '2025-12-10' });
  await signIn(tm);
  await record(cp, 'cp-plan-end', { plan: '1', date: '2025-12-10' });
  await signIn(sw);
  await record(cp, 'cin-plan-start', { referral: '1', date: '2025-12-11' });
  await record(cp, 'cin-plan-end', { plan: '1', date: '2026-03-02' });
  await record(cp, 'closure', { referral: '1', date: '2026-03-02', reason: 'RC7' }, tm);
  await chronologyHas(cp, [
    'Record opened for Ellie Mayfield', 'Contact 1 decided', 'Manager\'s decision on referral 1', 'Single assessment 1 started',
    'Strategy discussion 1 held', 'Section 47 enquiry 1 concluded', 'Initial child protection conference held',
    'Child protection plan 1 started', 'Child protection review conference (plan 1)', 'Child protection plan 1 ended',
    'Child in need plan 1 started', 'Child in need plan 1 ended', 'Case closed (referral 1)',
  ]);
  await go(`/children/${cp}`);
  if (!(await page.locator('main').innerText()).includes('Not open')) fail('the closed child is still shown as open');
  await look('cp-closed');
  console.log(`journey child: ${cp}`);

  // ---- (b) a looked-after child: care, reviews with the IRO, leaving care ----
  const lac = await register('Jordan', 'Hale', '2008-01-15', 'M', 'WBRI');
  await record(lac, 'details', { upn_unknown: 'UN2', disabilities: ['NONE'], home_postcode: 'LE2 2BB', amendment_reason: 'Home address and UPN status known after the first visit' });
  await record(lac, 'referral', { at: '2025-04-17T10:00', source: '1C' });
  await record(lac, 'referral-decision', { referral: '1', at: '2025-04-17T15:00', next: 'assessment' }, tm);
  await record(lac, 'primary-need', { referral: '1', need: 'N4' });
  await record(lac, 'assessment-start', { referral: '1', date: '2025-04-18' });
  const foster = (carer, postcode) => ({ placement: 'U6', provider: 'PR1', postcode, urn: 'SC055850', carer });
  await record(lac, 'care-start', { date: '2025-04-22', legal_status: 'V2', need: 'N4', ...foster('FC-J1', 'LE9 6AA'), previous_permanence: 'Z1' });
  await record(lac, 'care-plan', { date: '2025-04-24' });
  await record(lac, 'placement-plan', { date: '2025-04-24', placement: '2025-04-22' });
  await signIn(tm);
  await record(lac, 'reviewer', { date: '2025-04-23', worker: iro.worker, role: 'reviewing_officer' });
  await signIn(sw);
  await record(lac, 'visit', { date: '2025-04-28', seen: true, seen_alone: true });
  await record(lac, 'health-assessment', { date: '2025-05-08' });
  await record(lac, 'dental-check', { date: '2025-05-12' });
  await record(lac, 'pathway-plan', { date: '2025-05-15' });
  await plan(lac, 'pathway', 'Independent living skills', 'Open a bank account with Jordan', '2025-09-30');
  await record(lac, 'assessment-authorise', { assessment: '1', date: '2025-05-16', completed: '2025-05-15', factors: ['4B'], outcome: 'looked_after' }, tm);
  await signIn(iro);
  await record(lac, 'lac-review', { date: '2025-05-19', participation: 'PN1' });
  // The minutes are on the officer's tray until issued; then a midway check.
  const minutes = `/children/${lac}/reviewing`;
  if (!(await onTray(minutes))) fail('the minutes are not on the IRO\'s tray');
  if (!(await page.locator('main tr', { has: page.locator(`a[href="${minutes}"]`) }).innerText()).includes('19 May 2025')) fail('the tray does not say which minutes');
  await look('tray-iro');
  await go(`/children/${lac}/reviewing`);
  const meeting = await page.locator('main select[name=meeting] option', { hasText: '19 May 2025' }).getAttribute('value');
  await send(`/children/${lac}/reviewing`, { meeting, 'minutes-date': '2025-06-02' }, 'main button:has-text("Record the minutes")', 'Record minutes issued');
  await send(`/children/${lac}/reviewing`, { 'midway-date': '2025-07-01', 'midway-track': 'yes', 'midway-note': 'Settled; college place agreed' }, 'main button:has-text("Record the check")', 'Record a midway check');
  await signIn(sw);
  await record(lac, 'placement-change', { date: '2025-07-14', ...foster('FC-J2', 'LE18 1AA'), reason: 'CARPL' });
  await record(lac, 'placement-plan', { date: '2025-07-14', placement: '2025-07-14' });
  await record(lac, 'visit', { date: '2025-07-18', seen: true, seen_alone: true });
  await signIn(iro);
  await record(lac, 'lac-review', { date: '2025-08-15', participation: 'PN1' });
  await signIn(sw);
  for (const date of ['2025-09-10', '2025-10-20', '2025-12-01']) await record(lac, 'visit', { date, seen: true, seen_alone: true });
  await signIn(iro);
  await record(lac, 'lac-review', { date: '2026-01-12', participation: 'PN1' });
  await signIn(sw);
  await record(lac, 'pathway-plan', { date: '2026-01-12' });
  await record(lac, 'care-end', { date: '2026-01-15', reason: 'E13' });
  await record(lac, 'care-leaver-contact', { date: '2026-01-20', in_touch: 'YES', activity: 'F2', accommodation: 'B1' });
  await chronologyHas(lac, [
    'Record opened for Jordan Hale', 'Became looked after', 'Care plan made', 'Placement plan for the placement from 2025-04-22',
    'Health assessment', 'Dental check', 'Looked-after review; participation', 'Placement moved to', 'Pathway plan reviewed',
    'Ceased to be looked after', 'Care leaver contact; in touch',
  ]);
  await go(`/children/${lac}`);
  await look('lac-left-care');
  console.log(`journey child: ${lac}`);

  writeFileSync(join(out, 'journeys-axe.json'), JSON.stringify(report, null, 1));
  if (blocking.length) fail(`axe-core (serious or critical):\n${blocking.join('\n')}`);
  if (pageErrors.length) fail(`page errors: ${pageErrors.join('; ')}`);
  console.log(`journeys done: ${checked} pages checked with axe`);
} catch (e) {
  console.error(e.message);
  console.error(`at ${page.url()} as ${who}`);
  await page.screenshot({ path: join(out, 'journey-failure.png'), fullPage: true }).catch(() => {});
  code = 1;
} finally {
  await close();
}
process.exit(code);
