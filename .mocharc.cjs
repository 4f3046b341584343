// one mocha run for every suite; TypeScript through tsx (Node 20 cannot strip types)
module.exports = {
  spec: ['codemods/test/**/*.test.ts', 'migrated/test/**/*.test.ts', 'harness/test/**/*.test.ts', 'harness/contract/**/*.test.ts', 'reports/test/**/*.test.ts', 'scripts/test/**/*.test.ts', 'deploy/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: './harness/src/mocha-totals-reporter.cjs',
  timeout: 20000,
  exit: true,
};
