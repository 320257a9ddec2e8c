// Snapshots live in the top-level __snapshots__/ (the cdk8s init layout), named after the test file.
const path = require('path');

const ROOT = __dirname;
const SNAPSHOTS = path.join(ROOT, '__snapshots__');
const TESTS = path.join(ROOT, 'test');

module.exports = {
  resolveSnapshotPath: (testPath, extension) => path.join(SNAPSHOTS, path.relative(TESTS, testPath) + extension),
  resolveTestPath: (snapshotPath, extension) => path.join(
    TESTS, path.relative(SNAPSHOTS, snapshotPath).slice(0, -extension.length),
  ),
  testPathForConsistencyCheck: path.join(TESTS, 'snapshot.test.ts'),
};
