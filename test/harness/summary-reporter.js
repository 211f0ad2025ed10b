// Prints the plain closing line CI reads, "N passed, N failed". Jest prints its own summary after the
// reporters, so the line is also written to $JEST_SUMMARY_FILE for .ci/run to print last.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${process.env.JEST_SUMMARY_LABEL ?? 'jest'}: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
		process.stderr.write(`\n${line}`);
		if (process.env.JEST_SUMMARY_FILE) writeFileSync(process.env.JEST_SUMMARY_FILE, line);
	}
}
module.exports = SummaryReporter;
