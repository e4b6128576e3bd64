// Records every answer the tests get from the live server — method, path, status, content type and, for JSON, the
// body — as JSON lines in a file of MAK_EXCHANGES_DIR (set by `./mak test`), which tools/contract-check validates
// against api-spec/openapi.yaml after the run, with the .NET tests' answers. It wraps the global `fetch` of each test
// file's worker, so whatever the tests call through (the client, a TokenClient, a bare fetch) is seen; answers of
// other hosts (webhook receivers, the browser page) are left out. Without the variable nothing is recorded.
import { appendFileSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { inject } from "vitest";

const directory = process.env["MAK_EXCHANGES_DIR"];
if (directory) {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `ts-${process.pid}-${randomBytes(6).toString("hex")}.jsonl`);
  const origin = new URL(inject("baseUrl")).origin;
  const send = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await send(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin === origin) {
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      void record(method, url.pathname, response);
    }
    return response;
  };

  async function record(method: string, path: string, response: Response): Promise<void> {
    const contentType = response.headers.get("content-type") ?? "";
    // A stream of server-sent events never ends by itself: its status and type are recorded, not its body.
    const json = /json/i.test(contentType);
    const body = json ? await response.clone().text().catch(() => undefined) : undefined;
    const hasBody = json ? (body ?? "").length > 0 : response.body !== null && response.headers.get("content-length") !== "0";
    const line = { source: "typescript", method, path, status: response.status, contentType, hasBody, truncated: json && body === undefined, body };
    appendFileSync(file, JSON.stringify(line) + "\n");
  }
}
