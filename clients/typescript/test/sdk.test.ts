// The hand-written layer and the template changes, against a fake fetch (no server): parameters by name, problem
// codes, the error's message, automatic idempotency keys, retries with Retry-After and paging.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ApiException,
  MakCrmClient,
  contractVersion,
  paginate,
  problemCodes,
  type HttpFetcher,
  type LeadPage,
  type ListLeadsParams,
  type ProblemCode,
  type CallEvent,
  operationOf,
  userAgent,
} from "../src/index.js";

const spec = readFileSync(fileURLToPath(new URL("../../../api-spec/openapi.yaml", import.meta.url)), "utf8");
const packageJson = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as {
  version: string;
  private?: boolean;
};

/** A fetch that records requests and answers with the next of the given responses (the last one repeats). */
function scripted(...answers: (() => Response)[]): HttpFetcher & { requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch(url: string, init?: RequestInit) {
      requests.push(new Request(url, init));
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)] as () => Response;
      return Promise.resolve(answer());
    },
  };
}

const problem = (status: number, code: string, headers: Record<string, string> = {}) => () =>
  Response.json(
    { type: `urn:mak:problem:${code}`, title: "Too many requests.", status, code, traceId: "4bf92f3577b34da6a3ce929d0e0e4736", detail: null },
    { status, headers: { "Content-Type": "application/problem+json", ...headers } },
  );

const emptyPage = () => Response.json({ items: [], nextCursor: null });
const lotId = "0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11";

describe("the contract as types", () => {
  it("versions the package with the contract's info.version", () => {
    const version = /^info:\n(?:\s{2}.*\n)*?\s{2}version:\s*(\S+)/m.exec(spec)?.[1];
    expect(contractVersion).toBe(version);
    expect(packageJson.version).toBe(version);
    expect(packageJson.private).toBeUndefined();
  });

  it("lists every problem code the server can answer with as ProblemCode", () => {
    const codes: readonly ProblemCode[] = problemCodes;
    for (const code of ["not_found", "validation_failed", "idempotency_key_reused", "precondition_failed"] as const) {
      expect(codes).toContain(code);
    }
    // Every code that ErrorCodes.cs declares is in the contract's list, and so in the union.
    const server = readFileSync(fileURLToPath(new URL("../../../src/Domain/Common/ErrorCodes.cs", import.meta.url)), "utf8");
    const declared = [...server.matchAll(/=\s*"([a-z_]+)"/g)].map((match) => match[1]);
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((code) => !codes.includes(code as ProblemCode))).toEqual([]);
  });
});

describe("parameters by name", () => {
  it("takes a page's nextCursor (string | null) as the next cursor, and leaves out null and undefined", async () => {
    const http = scripted(() => Response.json({ items: [], nextCursor: "abc" }), emptyPage);
    const api = new MakCrmClient("http://api.invalid", http);
    const first: LeadPage = (await api.listLeads({ status: ["new"], limit: 2 })).result;
    const params: ListLeadsParams = { status: ["new"], cursor: first.nextCursor, q: null, product: undefined };
    await api.listLeads(params);
    expect(http.requests.map((request) => request.url)).toEqual([
      "http://api.invalid/api/v1/leads?status=new&limit=2",
      "http://api.invalid/api/v1/leads?status=new&cursor=abc",
    ]);
  });

  it("keeps path parameters positional, the query parameters in one object after them", async () => {
    const http = scripted(emptyPage);
    await new MakCrmClient("http://api.invalid", http).listLotBids(lotId, { limit: 5 });
    expect(http.requests[0]?.url).toBe(`http://api.invalid/api/v1/lots/${lotId}/bids?limit=5`);
  });
});

describe("ApiException", () => {
  it("says its status, code, operation, trace id and detail, and carries the parsed problem", async () => {
    const http = scripted(() =>
      Response.json(
        { type: "urn:mak:problem:not_found", title: "Not found.", status: 404, code: "not_found", detail: "No such resource.", traceId: "4bf92f35" },
        { status: 404, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const error = await new MakCrmClient("http://api.invalid", http).getLead(lotId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    const exception = error as ApiException;
    expect(exception.message).toBe("404 not_found (getLead, trace 4bf92f35): No such resource.");
    expect(exception.name).toBe("ApiException");
    expect(String(exception)).toBe("ApiException: 404 not_found (getLead, trace 4bf92f35): No such resource.");
    expect(exception.status).toBe(404);
    expect(exception.operation).toBe("getLead");
    expect(exception.traceId).toBe("4bf92f35");
    const code: ProblemCode | undefined = exception.code;
    expect(code).toBe("not_found");
    expect(exception.problem?.detail).toBe("No such resource.");
  });

  it("falls back to the contract's description when the answer is not a problem", async () => {
    const http = scripted(() => new Response("<html>bad gateway</html>", { status: 502 }));
    const error = (await new MakCrmClient("http://api.invalid", http).getLead(lotId).catch((e: unknown) => e)) as ApiException;
    expect(error.message).toBe("502 (getLead): An unexpected server error occurred.");
    expect(error.problem).toBeUndefined();
    expect(error.code).toBeUndefined();
  });
});

describe("idempotency keys", () => {
  it("makes up a random key for an operation that takes one when the caller passes none, and keeps a given one", async () => {
    const http = scripted(() => Response.json({}, { status: 201 }));
    const api = new MakCrmClient("http://api.invalid", http);
    await api.placeBid(lotId, { amount: 1000 });
    await api.placeBid(lotId, { amount: 1000 });
    await api.placeBid(lotId, { amount: 1000 }, "my-key");
    const keys = http.requests.map((request) => request.headers.get("Idempotency-Key"));
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe("my-key");
  });

  it("gives every operation whose contract declares an Idempotency-Key header a key of its own", () => {
    // Each operation block of the contract that names the header (directly or by a $ref to a shared parameter)
    // must send it from the generated method: the template adds it to every such operation.
    const generated = readFileSync(fileURLToPath(new URL("../src/generated/client.ts", import.meta.url)), "utf8");
    const declaring = spec
      .slice(0, spec.indexOf("\ncomponents:"))
      .split(/\n(?=  \/)/)
      .flatMap((path) => path.split(/\n(?=    (?:get|post|put|patch|delete):)/))
      .filter((operation) => /\$ref: '#\/components\/parameters\/IdempotencyKey'|name: Idempotency-Key/.test(operation))
      .map((operation) => /operationId:\s*(\w+)/.exec(operation)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(declaring).toContain("placeBid");
    for (const id of declaring) {
      const method = generated.slice(generated.indexOf(`\n    ${id}(`), generated.indexOf(`\n    protected process${id[0]!.toUpperCase()}${id.slice(1)}(`));
      expect(method, id).toContain("this.newIdempotencyKey()");
    }
  });
});

describe("retries", () => {
  it("repeats a GET after 429 and 503, waiting as Retry-After says", async () => {
    const http = scripted(problem(429, "too_many_requests", { "Retry-After": "0" }), problem(503, "service_unavailable"), emptyPage);
    const api = new MakCrmClient("http://api.invalid", http, { retry: { baseDelayMs: 1 } });
    expect((await api.listLeads()).status).toBe(200);
    expect(http.requests).toHaveLength(3);
  });

  it("repeats a creating call with the same Idempotency-Key", async () => {
    const http = scripted(problem(503, "service_unavailable", { "Retry-After": "0" }), () => Response.json({}, { status: 201 }));
    await new MakCrmClient("http://api.invalid", http).placeBid(lotId, { amount: 1000 });
    expect(http.requests).toHaveLength(2);
    const [first, second] = http.requests.map((request) => request.headers.get("Idempotency-Key"));
    expect(second).toBe(first);
  });

  it("does not repeat a call that is not safe to repeat", async () => {
    const http = scripted(problem(503, "service_unavailable", { "Retry-After": "0" }));
    const api = new MakCrmClient("http://api.invalid", http);
    const error = (await api.updateClient(lotId, '"1"', { city: "Тверь" }).catch((e: unknown) => e)) as ApiException;
    expect(error.code).toBe("service_unavailable");
    expect(http.requests).toHaveLength(1);
  });

  it("gives up after maxAttempts, or when Retry-After asks for more than maxTotalDelayMs, with the last answer", async () => {
    const busy = scripted(problem(429, "too_many_requests", { "Retry-After": "0" }));
    const error = (await new MakCrmClient("http://api.invalid", busy, { retry: { maxAttempts: 4 } }).listLeads().catch((e: unknown) => e)) as ApiException;
    expect(error.status).toBe(429);
    expect(busy.requests).toHaveLength(4);

    const long = scripted(problem(429, "too_many_requests", { "Retry-After": "3600" }), emptyPage);
    const started = Date.now();
    await expect(new MakCrmClient("http://api.invalid", long).listLeads()).rejects.toMatchObject({ status: 429 });
    expect(long.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("can be turned off", async () => {
    const http = scripted(problem(429, "too_many_requests", { "Retry-After": "0" }), emptyPage);
    await expect(new MakCrmClient("http://api.invalid", http, { retry: false }).listLeads()).rejects.toBeInstanceOf(ApiException);
    expect(http.requests).toHaveLength(1);
  });
});

describe("what every call carries and reports", () => {
  it("sends a traceparent and the SDK's User-Agent, and reports each attempt to the hook without the query", async () => {
    const http = scripted(problem(429, "too_many_requests", { "Retry-After": "0" }), () => Response.json({ id: lotId }));
    const calls: CallEvent[] = [];
    const api = new MakCrmClient("https://crm.example", http, { onCall: (call) => calls.push(call) });

    await api.getLot(lotId);

    expect(http.requests).toHaveLength(2);
    const parents = http.requests.map((request) => request.headers.get("traceparent"));
    expect(parents[0]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(parents[1], "a retry stays in the call's trace").toBe(parents[0]);
    expect(http.requests[0]!.headers.get("user-agent")).toBe(`@mak-crm/client/${contractVersion} node/${process.versions.node}`);
    expect(userAgent).toMatch(/^@mak-crm\/client\/\d+\.\d+\.\d+ node\//);
    const traceId = parents[0]!.slice(3, 35);
    expect(calls.map(({ operationId, method, pathTemplate, status, attempt, retryInMs, traceId: trace }) =>
      ({ operationId, method, pathTemplate, status, attempt, retryInMs, trace }))).toEqual([
      { operationId: "getLot", method: "GET", pathTemplate: "/api/v1/lots/{id}", status: 429, attempt: 1, retryInMs: 0, trace: traceId },
      { operationId: "getLot", method: "GET", pathTemplate: "/api/v1/lots/{id}", status: 200, attempt: 2, retryInMs: undefined, trace: traceId },
    ]);
    expect(calls.every((call) => call.durationMs >= 0 && call.error === undefined)).toBe(true);
  });

  it("reports a network failure, and lets the application's fetch set its own traceparent and User-Agent", async () => {
    const failing: HttpFetcher & { requests: Request[] } = {
      requests: [],
      fetch(url: string, init?: RequestInit) {
        this.requests.push(new Request(url, init));
        return Promise.reject(new TypeError("fetch failed"));
      },
    };
    const calls: CallEvent[] = [];
    const api = new MakCrmClient("https://crm.example/gateway", failing, { retry: false, onCall: (call) => calls.push(call) });
    const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    await expect(api.listLeads({ q: "+7 999 000-12-34" })).rejects.toThrow("fetch failed");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ operationId: "listLeads", pathTemplate: "/api/v1/leads", status: undefined, attempt: 1 });
    expect(calls[0]!.error).toBeInstanceOf(TypeError);
    expect(JSON.stringify(calls[0])).not.toContain("999");

    const own = scripted(emptyPage);
    // The headers reach a fetch of the application as a plain object, which it may spread.
    const mine = (url: string, init?: RequestInit): Promise<Response> =>
      own.fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), traceparent: parent, "User-Agent": "cabinet/2.1" } });
    await new MakCrmClient("https://crm.example", { fetch: mine }).listLeads();
    expect(own.requests[0]!.headers.get("accept")).toBe("application/json");
    expect(own.requests[0]!.headers.get("traceparent")).toBe(parent);
    expect(own.requests[0]!.headers.get("user-agent")).toBe("cabinet/2.1");
  });

  it("finds the operation of a URL, path prefixes included", () => {
    expect(operationOf("GET", "https://crm.example/api/v1/leads/export?format=csv")?.id).toBe("exportLeads");
    expect(operationOf("GET", "https://crm.example/gateway/api/v1/leads/0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11")?.id).toBe("getLead");
    expect(operationOf("POST", "/connect/token")?.id).toBe("requestToken");
    expect(operationOf("GET", "https://crm.example/elsewhere")).toBeUndefined();
  });
});

describe("paginate", () => {
  it("yields every item of every page, following nextCursor until it is null", async () => {
    const pages = new Map<string | undefined, { items: { id: string }[]; nextCursor: string | null }>([
      [undefined, { items: [{ id: "a" }, { id: "b" }], nextCursor: "p2" }],
      ["p2", { items: [{ id: "c" }], nextCursor: "p3" }],
      ["p3", { items: [], nextCursor: null }],
    ]);
    const http: HttpFetcher = {
      fetch(url: string) {
        return Promise.resolve(Response.json(pages.get(new URL(url).searchParams.get("cursor") ?? undefined)));
      },
    };
    const api = new MakCrmClient("http://api.invalid", http);
    const ids: string[] = [];
    for await (const lead of api.paginate((cursor) => api.listLeads({ status: ["new"], cursor }))) {
      ids.push(lead.id);
    }
    expect(ids).toEqual(["a", "b", "c"]);

    const stuck = paginate(() => api.listLeads({ cursor: "p2" }));
    await expect(async () => {
      for await (const _ of stuck) {
        // a callback that ignores its cursor would loop for ever
      }
    }).rejects.toThrow(/came back twice/);
  });
});
