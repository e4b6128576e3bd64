import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Starts the real server on a free loopback port with a fresh database (see test/global-setup.ts).
    globalSetup: ["./test/global-setup.ts"],
    // Records every answer for the contract check of `./mak test` (see test/record-exchanges.ts).
    setupFiles: ["./test/record-exchanges.ts"],
    environment: "node",
    // Bounds on a hung test, not speed targets: `./mak test` runs this suite beside the .NET suites on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // All files talk to the one server; each test creates its own data, so files may run in parallel.
    fileParallelism: true,
  },
});
