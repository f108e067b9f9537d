// Lint BPMN files with bpmnlint exactly as its CLI reads them (UTF-8 text, bpmn-moddle,
// Linter + NodeResolver), for tools/bpmnlint_parity.py. Run with NODE_PATH pointing at a
// node_modules folder that holds bpmnlint (npm install bpmnlint@11 in a scratch folder).
//
// stdin:  JSON list of {file, config}; config is a bpmnlint config object, or
//         {rule, options} with the rule's options as JavaScript source (as in bpmnlint's specs)
// stdout: JSON list of {file, parse_error} or {file, import_warnings, reports: {rule: [..]}}
'use strict';
const fs = require('fs');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const { BpmnModdle } = require('bpmn-moddle');

function configOf(job) {
  if (job.config) return job.config;
  // eslint-disable-next-line no-eval
  const options = job.options ? eval('(' + job.options + ')') : undefined;
  return { rules: { [job.rule]: options === undefined ? 'error' : ['error', options] } };
}

async function run(job) {
  const xml = fs.readFileSync(job.file, 'utf-8');
  let root;
  let warnings = [];
  try {
    const result = await new BpmnModdle().fromXML(xml);
    root = result.rootElement;
    warnings = result.warnings || [];
  } catch (error) {
    return { file: job.file, parse_error: String(error.message).split('\n')[0] };
  }
  const linter = new Linter({ config: configOf(job), resolver: new NodeResolver() });
  const reports = {};
  for (const [rule, list] of Object.entries(await linter.lint(root))) {
    reports[rule] = list.map(r => ({ id: r.id, message: r.message, category: r.category }));
  }
  return {
    file: job.file,
    import_warnings: warnings.map(w => String(w.message).split('\n')[0]),
    reports,
  };
}

(async () => {
  const jobs = JSON.parse(fs.readFileSync(0, 'utf-8'));
  const results = [];
  for (const job of jobs) results.push(await run(job));
  process.stdout.write(JSON.stringify(results));
})();
