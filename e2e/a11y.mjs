// Accessibility checks for the browser tests: axe-core (pinned in
// package.json) against the WCAG 2.0, 2.1 and 2.2 A and AA rules, and the
// helpers of a journey done with the keyboard alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 added AA rules only).
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Runs axe on the page as it stands; records every finding under `name` in
// `report` and returns the serious and critical ones. axe is evaluated
// through the DevTools protocol, which the page's Content-Security-Policy
// does not govern, so the page itself needs no exception for it.
export async function axe(page, name, report) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  const violations = result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  report.push({ page: name, url: page.url(), violations });
  return violations.filter((v) => BLOCKING.has(v.impact));
}

// What the focused element is, for messages and checks.
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', text: '', id: '', href: '', visible: false };
    // The Design System marks focus in yellow (#ffdd00): on the element's
    // outline, background or shadow, or on a checkbox's or radio's drawn box.
    const yellow = (s) => [s.outlineColor, s.backgroundColor, s.boxShadow, s.borderColor].some((v) => (v || '').includes('255, 221, 0'));
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    const visible = yellow(getComputedStyle(el)) || (label !== null && yellow(getComputedStyle(label, '::before')));
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.value || '').trim().slice(0, 80),
      id: el.id,
      href: el.getAttribute('href') || '',
      visible,
    };
  });
}

// Presses Tab until `wanted(focused)` holds, at most `max` times; every
// element focused on the way must show that it has focus.
export async function tabTo(page, what, wanted, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag !== 'body' && !f.visible) {
      throw new Error(`keyboard: focus on <${f.tag}> '${f.text}' (${f.href || f.id}) is not visible, on the way to ${what}`);
    }
    if (wanted(f)) return i + 1;
  }
  throw new Error(`keyboard: ${what} not reached in ${max} presses of Tab at ${page.url()}`);
}
