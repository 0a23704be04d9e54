// Opens a carefile HTML report in headless Chromium and checks it rendered:
// no console errors or page errors, every chart an SVG with drawn marks and a
// non-zero size, the narrative present; prints to PDF too (the committee's
// paper) and keeps a screenshot. Usage: node e2e/report.mjs REPORT.html OUT_DIR
import { launch, openFile, printPdf } from './browser.mjs';
import { join } from 'node:path';

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node e2e/report.mjs REPORT.html OUT_DIR');
  process.exit(2);
}

const { context: browser, close } = await launch({ width: 1400, height: 1000 });
const failures = [];
try {
  // Self-contained: any request other than the file itself is a failure.
  const page = await openFile(browser, report, failures);

  const charts = await page.$$eval('.cf-report svg', (svgs) => svgs.map((svg) => {
    const box = svg.getBoundingClientRect();
    return {
      width: box.width,
      height: box.height,
      marks: svg.querySelectorAll('polyline, path, circle, rect').length,
      texts: [...svg.querySelectorAll('text')].filter((t) => t.getBBox().width > 0).length,
      row: svg.closest('tr')?.id ?? svg.closest('.demand')?.id ?? 'funnel',
    };
  }));
  if (charts.length === 0) failures.push('no charts on the page');
  for (const c of charts) {
    if (c.width < 50 || c.height < 30) failures.push(`chart ${c.row} is ${c.width}x${c.height}`);
    if (c.marks === 0) failures.push(`chart ${c.row} has no marks`);
    if (c.texts === 0) failures.push(`chart ${c.row} has no rendered text`);
  }
  const trendRows = await page.$$eval('tr[id^="ind-"]:not(.unavailable)', (rows) => rows.length);
  const trendCharts = charts.filter((c) => c.row.startsWith('ind-')).length;
  if (trendCharts !== trendRows) failures.push(`${trendRows} available indicators but ${trendCharts} trend charts`);
  // Each measure forecast has its fan chart and its table of months; one refused says why instead.
  const demands = await page.$$eval('.forecast .demand', (ds) => ds.map((d) => ({
    id: d.id,
    charts: d.querySelectorAll('svg').length,
    months: d.querySelectorAll('tbody tr').length,
    said: d.querySelector('p')?.textContent ?? '',
  })));
  for (const d of demands) {
    if (d.charts === 1 && d.months !== 12) failures.push(`${d.id}: ${d.months} months forecast, not 12`);
    if (d.charts === 0 && !d.said.includes('No forecast')) failures.push(`${d.id}: neither a chart nor a reason`);
  }
  const paragraphs = await page.$$eval('.narrative p', (ps) => ps.length);
  const indicators = await page.$$eval('tr[id^="ind-"]', (rows) => rows.length);
  if (paragraphs !== indicators) failures.push(`${indicators} indicators but ${paragraphs} narrative paragraphs`);

  await page.screenshot({ path: join(outDir, 'report.png'), fullPage: true });
  await printPdf(page, join(outDir, 'report.pdf'), failures);
  console.log(`${charts.length} charts, ${indicators} indicators, ${paragraphs} paragraphs, ${demands.length} forecasts`);
} finally {
  await close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
