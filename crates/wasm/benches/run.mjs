// Times the browser validator's module in node (the same WebAssembly the page runs):
//   node crates/wasm/benches/run.mjs MODULE.mjs ssda903|cin YEAR [--previous F]... [--la X] FILE...
// Prints one JSON line: seconds reading and validating (the best of RUNS, default 3), findings and
// rules run, from the module's JSON report. crates/wasm/benches/native.rs calls it beside the
// native validator on the same files.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulePath, which, year, ...rest] = process.argv.slice(2);
const { MODULE } = await import(pathToFileURL(resolve(modulePath)).href);
const module = await WebAssembly.compile(Buffer.from(MODULE, 'base64'));
const imports = {};
for (const { module: from, name } of WebAssembly.Module.imports(module)) {
  imports[from] ??= {};
  imports[from][name] = /^__wbg_now_/.test(name) ? () => Date.now() : () => { throw new Error(`${from}.${name} called`); };
}
const wasm = (await WebAssembly.instantiate(module, imports)).exports;

const files = [];
const previous = [];
let la = '';
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--previous') previous.push(rest[++i]);
  else if (rest[i] === '--la') la = rest[++i];
  else files.push(rest[i]);
}
const give = (bytes) => {
  const ptr = wasm.cf_alloc(bytes.length);
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
};
const output = () => Buffer.from(new Uint8Array(wasm.memory.buffer, wasm.cf_output(), wasm.cf_output_len()));
const contents = (paths) => paths.map((p) => [basename(p), readFileSync(p)]);
const [these, last] = [contents(files), contents(previous)];

let best = Infinity;
let report;
for (let run = 0; run < Number(process.env.RUNS ?? 3); run++) {
  wasm.cf_reset();
  const started = performance.now();
  for (const [slot, list] of [[0, these], [1, last]]) {
    for (const [name, bytes] of list) wasm.cf_add(slot, ...give(Buffer.from(name)), ...give(bytes));
  }
  wasm.cf_set_la(...give(Buffer.from(la)));
  const status = wasm.cf_check(which === 'cin' ? 1 : 0, Number(year));
  const took = (performance.now() - started) / 1000;
  if (status !== 0) throw new Error(`not checked: ${output().toString()}`);
  best = Math.min(best, took);
  wasm.cf_report(2);
  report = JSON.parse(output().toString());
}
console.log(JSON.stringify({ seconds: best, findings: report.findings.length, rules_run: report.rules_run }));
