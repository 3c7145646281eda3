import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships an ESM and a CJS build; Node (and so Apollo and graphql-armor) loads the CJS
  // one, Vite would hand our sources the ESM one. Two copies break `instanceof GraphQLError`
  // (production error masking), so tests load the one Node loads.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real servers on loopback; two workers suit a 2-core machine.
    maxWorkers: 2,
    // The JSON report lets .ci/run print one plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test/artifacts/vitest-report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'gateway',
          include: ['test/{unit,gateway,process,repo}/**/*.test.ts'],
        },
      },
      // Each soak keeps a core busy for its whole run: they run one at a time, after the
      // others, so their time bounds measure the gateway and not each other.
      {
        extends: true,
        test: { name: 'soak', include: ['test/soak/mixed.test.ts'], sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: {
          name: 'soak-faults',
          include: ['test/soak/faults.test.ts'],
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'soak-quota',
          include: ['test/soak/quota.test.ts'],
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
