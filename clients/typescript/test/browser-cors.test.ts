// The built package (dist/, ESM) in a real browser on another origin: Debian's Chromium (/usr/bin/chromium; `./mak test`
// installs it), driven by playwright-core, which never downloads a browser of its own. A page served from the origin
// the server allows (Mak__Cors__AllowedOrigins, see global-setup.ts) signs a franchisee in, lists leads, places a bid
// with an Idempotency-Key and polls the lot's live state with If-None-Match, reading the response headers a cabinet
// needs from JavaScript — which a browser allows only for headers the server exposes. The same page from an origin
// the server does not allow gets nothing.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { approvedFranchisee, baseUrl, newApi, putUpLot } from "./helpers.js";

const chromiumPath = "/usr/bin/chromium";
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const allowedOrigin = inject("browserPageOrigin");

// The cabinet: a module that imports the package as a browser app would, and runs the scenario it is handed.
const page = `<!doctype html>
<meta charset="utf-8">
<title>Cabinet</title>
<link rel="icon" href="data:,">
<script type="module">
  import { MakCrmClient, NotModified, TokenClient, etagOf } from "/dist/index.js";

  window.cabinet = async ({ api, email, password, lotId, amount, key }) => {
    const tokens = new TokenClient(api);
    await tokens.signIn(email, password);
    const client = new MakCrmClient(api, { fetch: (url, init) => tokens.fetch(url, init) });
    const leads = await client.listLeads();
    const bid = await client.placeBid(lotId, { amount }, key);
    const replay = await client.placeBid(lotId, { amount }, key);
    const live = await client.getLotLiveState(lotId);
    const unchanged = await client.getLotLiveState(lotId, etagOf(live));
    return {
      leads: { status: leads.status, items: leads.result.items.length },
      bid: { status: bid.status, id: bid.result.id, location: bid.headers["location"] ?? null },
      replay: { status: replay.status, id: replay.result.id, replayed: replay.headers["idempotent-replayed"] ?? null },
      live: {
        status: live.status,
        etag: live.headers["etag"] ?? null,
        rateLimit: live.headers["ratelimit"] ?? null,
        rateLimitPolicy: live.headers["ratelimit-policy"] ?? null,
        notExposed: live.headers["x-content-type-options"] ?? null,
        currentPrice: live.result.currentPrice,
        position: live.result.position,
      },
      unchanged: { status: unchanged.status, notModified: unchanged.result === NotModified, etag: unchanged.headers["etag"] ?? null },
    };
  };

  window.signInOnly = async ({ api, email, password }) => {
    try {
      await new TokenClient(api).signIn(email, password);
      return "signed in";
    } catch (error) {
      return String(error);
    }
  };
  window.ready = true;
</script>`;

const types: Record<string, string> = { ".js": "text/javascript", ".map": "application/json", ".ts": "text/plain" };

/** A static server on 127.0.0.1: the page at `/`, the built package under `/dist/`. */
function servePage(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://page").pathname;
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      return;
    }
    const file = normalize(join(dist, path.replace(/^\/dist\//, "")));
    if (path.startsWith("/dist/") && file.startsWith(dist) && existsSync(file)) {
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
      return;
    }
    response.writeHead(404).end();
  });
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolveListen(server));
  });
}

async function openCabinet(browser: Browser, origin: string, log: string[]): Promise<Page> {
  const tab = await browser.newPage();
  tab.on("console", (message) => log.push(`console.${message.type()}: ${message.text()}`));
  tab.on("pageerror", (error) => log.push(`page error: ${error.message}`));
  await tab.goto(`${origin}/`);
  await tab.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 10_000 });
  return tab;
}

describe("a cabinet in a browser, on another origin", () => {
  let browser: Browser;
  const servers: Server[] = [];
  const log: string[] = [];

  beforeAll(async () => {
    expect(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium (./mak test does)`).toBe(true);
    expect(existsSync(join(dist, "index.js")), "dist/index.js is missing: npm run build").toBe(true);
    servers.push(await servePage(Number(new URL(allowedOrigin).port)));
    servers.push(await servePage(0));
    browser = await chromium.launch({ executablePath: chromiumPath });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  });

  it("signs in, lists leads, bids with an idempotency key and polls the live state, reading the exposed headers", async () => {
    const admin = newApi();
    const franchisee = await approvedFranchisee(admin);
    await admin.recordDeposit({ organizationId: franchisee.organizationId, amount: 5000, comment: "Пополнение для торгов" });
    const lot = await putUpLot(admin);

    const tab = await openCabinet(browser, allowedOrigin, log);
    const result = await tab.evaluate(
      (args) => (globalThis as unknown as { cabinet: (a: typeof args) => Promise<unknown> }).cabinet(args),
      { api: baseUrl, email: franchisee.email, password: franchisee.password, lotId: lot.id, amount: 1000, key: crypto.randomUUID() },
    );

    expect(result, log.join("\n")).toMatchObject({
      leads: { status: 200 },
      bid: { status: 201, location: `/api/v1/lots/${lot.id}/bids` },
      replay: { status: 201, replayed: "true" },
      live: {
        status: 200,
        etag: expect.stringMatching(/^(W\/)?"[^"]+"$/),
        rateLimit: expect.stringMatching(/^"api";r=\d+;t=\d+$/),
        rateLimitPolicy: expect.stringMatching(/^"api";q=\d+;w=60$/),
        // Not exposed, so the browser hides it from the script: the headers above are readable only because they are.
        notExposed: null,
        currentPrice: 1000,
        position: "leading",
      },
      unchanged: { status: 304, notModified: true },
    });
    const { bid, replay, live, unchanged } = result as { bid: { id: string }; replay: { id: string }; live: { etag: string }; unchanged: { etag: string } };
    expect(replay.id).toBe(bid.id);
    expect(unchanged.etag).toBe(live.etag);
  }, 60_000);

  it("refuses a page from an origin it does not allow", async () => {
    const other = `http://127.0.0.1:${(servers[1]!.address() as { port: number }).port}`;
    const tab = await openCabinet(browser, other, log);

    const outcome = await tab.evaluate(
      (args) => (globalThis as unknown as { signInOnly: (a: typeof args) => Promise<string> }).signInOnly(args),
      { api: baseUrl, email: "nobody@franchise.example", password: "Whatever-2026" },
    );

    // Chromium blocks the answer (no Access-Control-Allow-Origin for this origin): the script sees only a failed fetch.
    expect(outcome, log.join("\n")).toMatch(/TypeError: Failed to fetch/);
    expect(log.join("\n")).toMatch(/blocked by CORS policy/);
  }, 60_000);
});
