// Opens the fostering and adoption services' annual report in headless Chromium and checks it:
// no console errors, page errors or network requests; both recruitment funnels drawn as SVG with
// marks and text; every drill-down lists as many households, sittings or cases as its count says;
// axe-core finds no serious or critical WCAG 2.x A/AA violation (all findings in axe.json); a
// screenshot with one drill-down open, and the PDF the committee prints.
// Usage: node e2e/annual.mjs REPORT.html OUT_DIR
import { launch, openFile, printPdf } from './browser.mjs';
import { axe } from './a11y.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node e2e/annual.mjs REPORT.html OUT_DIR');
  process.exit(2);
}

const { context: browser, close } = await launch({ width: 1400, height: 1000 });
const failures = [];
try {
  // Self-contained: any request other than the file itself is a failure.
  const page = await openFile(browser, report, failures);

  const charts = await page.$$eval('section.services figure svg', (svgs) => svgs.map((svg) => {
    const box = svg.getBoundingClientRect();
    return {
      section: svg.closest('section').id,
      width: box.width,
      marks: svg.querySelectorAll('rect, path').length,
      texts: [...svg.querySelectorAll('text')].filter((t) => t.getBBox().width > 0).length,
    };
  }));
  for (const id of ['fostering', 'adoption']) {
    const c = charts.find((x) => x.section === id);
    if (!c) failures.push(`no funnel chart in #${id}`);
    else if (c.width < 200 || c.marks === 0 || c.texts === 0) failures.push(`the #${id} funnel is not drawn: ${JSON.stringify(c)}`);
  }
  const drills = await page.$$eval('details.drill', (ds) => ds.map((d) => ({
    count: Number(d.querySelector('summary').textContent.replace(/[^0-9]/g, '')),
    listed: d.querySelectorAll('li').length,
  })));
  if (drills.length === 0) failures.push('no figure drills down');
  for (const d of drills) {
    if (d.count !== d.listed) failures.push(`a figure of ${d.count} lists ${d.listed}`);
  }
  const paragraphs = await page.$$eval('#services-commentary p', (ps) => ps.length);
  if (paragraphs < 4) failures.push(`${paragraphs} commentary paragraphs`);

  const findings = [];
  const blocking = await axe(page, 'annual report', findings);
  writeFileSync(join(outDir, 'axe.json'), JSON.stringify(findings, null, 2));
  for (const v of blocking) failures.push(`axe ${v.impact}: ${v.rule} (${v.help}) at ${v.nodes.join(', ')}`);

  // A count opened, as a reader would to see who is behind it.
  await page.click('#fostering details.drill summary');
  await page.screenshot({ path: join(outDir, 'annual.png'), fullPage: true });
  await printPdf(page, join(outDir, 'annual.pdf'), failures);
  console.log(`${charts.length} funnels, ${drills.length} drill-downs, ${paragraphs} paragraphs, ${blocking.length} blocking axe findings`);
} finally {
  await close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
