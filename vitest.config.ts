import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    maxWorkers: 2,
    // The test files of a worker share one load of src/: each file importing the whole command afresh was a
    // third of the suite's time (import 22 s of 64 s here). No test mocks a module or stubs a global, and the
    // modules' caches (the practice sets, the logs of typed decimals) hold values, not state a test sets up.
    isolate: false,
  },
});
