// The browser validator's page: reads the chosen files, hands them to carefile's rules compiled to
// WebAssembly (crates/wasm; module.mjs is built by scripts/build-validator.sh) and shows the report.
// Nothing is sent anywhere: the page's policy forbids every connection.
import { MODULE } from './module.mjs';

const $ = (id) => document.getElementById(id);
const SLOT = { return: 0, previous: 1, providers: 2 };
const FORMAT = { text: 0, csv: 1, json: 2, xlsx: 3 };
// Findings shown on the page; the downloads hold them all.
const SHOWN = 1000;

// The module's one import from JavaScript is the workbook's creation time (wasm-bindgen's
// Date.now, under a generated name); anything else it asks for is a build mistake, said so if called.
function imports(module) {
  const out = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new Error(`the module needs ${from}.${name} (${kind}), which the page does not provide`);
    out[from] ??= {};
    out[from][name] = /^__wbg_now_/.test(name)
      ? () => Date.now()
      : () => { throw new Error(`the module called ${from}.${name}, which the page does not provide`); };
  }
  return out;
}

async function load() {
  const bytes = Uint8Array.from(atob(MODULE), (c) => c.charCodeAt(0));
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, imports(module));
  return instance.exports;
}

// Copies bytes into the module's memory; the module owns them after cf_add or cf_set_la.
function give(wasm, bytes) {
  const ptr = wasm.cf_alloc(bytes.length);
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

function output(wasm) {
  return new Uint8Array(wasm.memory.buffer, wasm.cf_output(), wasm.cf_output_len()).slice();
}

async function addFiles(wasm, slot, files) {
  for (const file of files) {
    const data = new Uint8Array(await file.arrayBuffer());
    const [name, nameLen] = give(wasm, new TextEncoder().encode(file.name));
    const [ptr, len] = give(wasm, data);
    wasm.cf_add(slot, name, nameLen, ptr, len);
  }
}

function element(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

// A GOV.UK table: caption, header row, rows of text (never HTML: the cells come from the files).
function table(caption, headers, rows) {
  const head = element('tr', { class: 'govuk-table__row' },
    ...headers.map((h) => element('th', { scope: 'col', class: 'govuk-table__header' }, h)));
  const body = rows.map((r) => element('tr', { class: 'govuk-table__row' },
    ...r.map((c) => element('td', { class: 'govuk-table__cell' }, c == null ? '' : String(c)))));
  return element('table', { class: 'govuk-table' },
    element('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
    element('thead', { class: 'govuk-table__head' }, head),
    element('tbody', { class: 'govuk-table__body' }, ...body));
}

function plural(n, one, many) {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function show(report, warnings) {
  const errors = report.findings.length;
  $('counts').textContent = `${plural(errors, 'finding', 'findings')} from ${plural(report.rules_run, 'rule', 'rules')} run`
    + (report.skipped.length ? `; ${plural(report.skipped.length, 'rule', 'rules')} not run (listed below)` : '') + '.';
  $('warnings').replaceChildren(...warnings.map((w) =>
    element('div', { class: 'govuk-warning-text' },
      element('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      element('strong', { class: 'govuk-warning-text__text' }, element('span', { class: 'govuk-visually-hidden' }, 'Warning'), w))));
  $('summary').replaceChildren(report.summary.length
    ? table('Findings by rule', ['Rule', 'Findings', 'Message', 'Fields'],
      report.summary.map((s) => [s.code, s.count, s.message, s.fields.join(', ')]))
    : element('p', { class: 'govuk-body' }, 'No rule found anything.'));
  const structure = report.structure.map((s) => [s.line, s.element, s.message, s.severity]);
  $('structure').replaceChildren(...(structure.length
    ? [table('The file\'s structure', ['Line', 'Element', 'Problem', 'Kind'], structure)]
      .concat(report.structure_more ? [element('p', { class: 'govuk-body' }, `${plural(report.structure_more, 'more problem', 'more problems')} not listed.`)] : [])
    : []));
  const shown = report.findings.slice(0, SHOWN);
  $('children').replaceChildren(...(shown.length
    ? [table('Findings child by child', ['Child', 'Table', 'Row', 'Rule', 'Message'],
      // Rows 1-based, as a spreadsheet numbers them below the header (the CSV keeps the reports' own).
      shown.map((f) => [f.child_id, f.table, f.row == null ? '' : f.row + 1, f.rule_code, f.message]))]
      .concat(errors > SHOWN ? [element('p', { class: 'govuk-body' }, `The first ${SHOWN.toLocaleString('en-GB')} are shown; the downloads hold all ${errors.toLocaleString('en-GB')}.`)] : [])
    : []));
  const reasons = new Map();
  for (const s of report.skipped) reasons.set(s.reason, [...(reasons.get(s.reason) ?? []), s.code]);
  $('skipped').replaceChildren(...(reasons.size
    ? [table('Rules not run', ['What would turn them on', 'Rules'], [...reasons].map(([r, codes]) => [r, codes.join(', ')]))]
    : []));
  $('results').hidden = false;
}

function download(wasm, format, name, type) {
  if (wasm.cf_report(format) === 0) return;
  const url = URL.createObjectURL(new Blob([output(wasm)], { type }));
  const a = element('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function collectionYear(today) {
  // A collection year ends on 31 March; from April the next one is under way.
  return today.getMonth() >= 3 ? today.getFullYear() + 1 : today.getFullYear();
}

async function main() {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  $('year').value = collectionYear(new Date());
  const syncWhich = () => { $('ssda903-only').hidden = $('which-cin').checked; };
  for (const r of document.querySelectorAll('input[name=which]')) r.addEventListener('change', syncWhich);
  syncWhich();
  let wasm;
  try {
    wasm = await load();
  } catch (e) {
    $('status').textContent = `The rules could not be loaded in this browser: ${e.message}`;
    return;
  }
  $('status').textContent = 'Ready. Choose the files and select Check.';
  $('run').disabled = false;
  let stem = 'findings';
  $('check').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('error').hidden = true;
    $('results').hidden = true;
    const which = $('which-cin').checked ? 1 : 0;
    const year = Number($('year').value.trim());
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      $('error-text').textContent = 'Enter the collection year as four digits, like 2026';
      $('error').hidden = false;
      return;
    }
    $('run').disabled = true;
    $('status').textContent = 'Checking…';
    wasm.cf_reset();
    await addFiles(wasm, SLOT.return, $('files').files);
    if (which === 0) {
      await addFiles(wasm, SLOT.previous, $('previous').files);
      await addFiles(wasm, SLOT.providers, $('providers').files);
      wasm.cf_set_la(...give(wasm, new TextEncoder().encode($('la').value)));
    }
    const started = performance.now();
    const status = wasm.cf_check(which, year);
    const took = performance.now() - started;
    const text = new TextDecoder().decode(output(wasm));
    $('run').disabled = false;
    if (status !== 0) {
      $('status').textContent = 'The files could not be checked.';
      $('error-text').textContent = text;
      $('error').hidden = false;
      $('error').focus();
      return;
    }
    const warnings = JSON.parse(text);
    wasm.cf_report(FORMAT.json);
    show(JSON.parse(new TextDecoder().decode(output(wasm))), warnings);
    stem = `${which === 1 ? 'cin' : 'ssda903'}-${year}-findings`;
    $('status').textContent = `Checked in ${(took / 1000).toFixed(2)} s.`;
  });
  $('download-csv').addEventListener('click', () => download(wasm, FORMAT.csv, `${stem}.csv`, 'text/csv'));
  $('download-xlsx').addEventListener('click', () => download(wasm, FORMAT.xlsx, `${stem}.xlsx`,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
}

main();
