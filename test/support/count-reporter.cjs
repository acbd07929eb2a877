// Mocha reporter used by both test tiers: the spec reporter's output (failures are
// printed with their full titles), plus the counts written as JSON to the file named
// by IAM_EXPLORER_TEST_COUNTS so scripts/test.mjs can print one line per tier.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.IAM_EXPLORER_TEST_COUNTS;
      if (!file) return;
      const { passes, failures, pending } = runner.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = CountReporter;
