import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships an ESM and a CJS build; Node (and so Apollo and graphql-armor) loads the CJS
  // one, Vite would hand our sources the ESM one. Two copies break `instanceof GraphQLError`
  // (production error masking), so tests load the one Node loads.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real servers on loopback; two workers suit a 2-core machine.
    maxWorkers: 2,
    // The JSON report lets .ci/run print one plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test/artifacts/vitest-report.json' },
  },
});
