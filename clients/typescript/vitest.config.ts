import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Starts the real server on a free loopback port with a fresh database (see test/global-setup.ts).
    globalSetup: ["./test/global-setup.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // All files talk to the one server; each test creates its own data, so files may run in parallel.
    fileParallelism: true,
  },
});
