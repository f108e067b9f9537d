// bpmn-js-differ over all pairs of a pair list, in one node process (the benchmark's peer).
//
//   node benchmarks/bpmn_diff_differ.mjs PAIRS.json
//
// bpmn-js-differ and bpmn-moddle are installed by benchmarks/bpmn_diff.py into
// benchmarks/node_modules (git-ignored). Like bpmn_diff_ours.py it reads both files,
// parses both with bpmn-moddle and diffs the definitions, and prints one JSON line.
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { diff } from 'bpmn-js-differ';

const { pairs } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const moddle = new BpmnModdle();
const start = performance.now();
let withDifferences = 0;
let elements = 0;
const unchanged = [];
for (const [i, pair] of pairs.entries()) {
  const a = await moddle.fromXML(readFileSync(pair.old, 'utf8'));
  const b = await moddle.fromXML(readFileSync(pair.new, 'utf8'));
  const result = diff(a.rootElement, b.rootElement);
  const found = Object.keys(result._added).length + Object.keys(result._removed).length
    + Object.keys(result._changed).length + Object.keys(result._layoutChanged).length;
  if (found) {
    withDifferences += 1;
  } else {
    unchanged.push(i);
  }
  elements += found;
}
const work = (performance.now() - start) / 1000;
console.log(JSON.stringify({ pairs: pairs.length, work_s: work, with_differences: withDifferences,
  elements, unchanged }));
