// What the package weighs in a browser cabinet: src/index.ts bundled and minified by esbuild (as a bundler would ship
// all of it: the client is one class, so there is nothing to shake off), raw and gzipped. The test run prints it, and
// fails past the budget, so that growth is a decision (e.g. an entry per area that bundlers can leave out) rather than
// an accident. Per-status problem branches once made it 566 kB; one branch for every problem made it 244 kB; at 378
// operations it reached 304 kB, and reading JSON answers and undeclared statuses in one shared function each (instead
// of code written out in every operation) brought it to 266 kB.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const budgetBytes = 300_000;

describe("the bundle", () => {
  it(`stays under ${budgetBytes / 1000} kB minified`, async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      logLevel: "silent",
    });
    const bundle = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(bundle).length;
    console.log(`TypeScript bundle: ${(bundle.length / 1000).toFixed(1)} kB minified, ${(gzipped / 1000).toFixed(1)} kB gzipped (esbuild, ES2022)`);
    expect(bundle.length).toBeLessThan(budgetBytes);
  });
});
