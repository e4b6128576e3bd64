import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ApiException, MakCrmClient, problemOf, type HttpFetcher, type UpdateClientRequest } from "../src/index.js";

const spec = readFileSync(fileURLToPath(new URL("../../../api-spec/openapi.yaml", import.meta.url)), "utf8");
const operationIds = [...spec.matchAll(/^\s+operationId:\s*(\w+)\s*$/gm)].map((match) => match[1] as string);

/** A fetch that records requests and answers with the given response, for tests of the client alone. */
function recorder(answer: () => Response): HttpFetcher & { requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch(url: string, init?: RequestInit) {
      requests.push(new Request(url, init));
      return Promise.resolve(answer());
    },
  };
}

describe("the generated client", () => {
  it("types the contract's dates as IsoDateTime and IsoDate, in answers, bodies and query parameters", () => {
    const client = readFileSync(fileURLToPath(new URL("../src/generated/client.ts", import.meta.url)), "utf8");
    expect(client).toMatch(/^export interface Lead \{[^}]*\n    createdAt: IsoDateTime;$/m);
    expect(client).toMatch(/^export interface LoanIssue \{[^}]*\n    issuedOn: IsoDate;$/m);
    expect(client).toMatch(/^export interface ListCommissionRulesParams \{[^}]*\n    on\?: IsoDate \| null \| undefined;$/m);
    expect(client).toMatch(/^export interface CreateTaskRequest \{[^}]*\n    dueAt: IsoDateTime;$/m);
    // No property named as a date or an instant (…At, …On) is left a plain string.
    expect(client.match(/^ {4}\w+(At|On)\??: string\b.*$/gm) ?? []).toEqual([]);
  });

  it("has a method for every operation of api-spec/openapi.yaml (regenerate with npm run generate)", () => {
    expect(operationIds.length).toBeGreaterThan(0);
    const methods = operationIds.filter(
      (id) => typeof (MakCrmClient.prototype as unknown as Record<string, unknown>)[id] === "function",
    );
    expect(methods).toEqual(operationIds);
  });

  it("sends If-Match only when it is given", async () => {
    const http = recorder(() => new Response(null, { status: 204 }));
    const api = new MakCrmClient("http://api.invalid", http);
    await api.deleteLead("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11");
    await api.deleteLead("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11", '"2"');
    expect(http.requests.map((request) => request.headers.get("If-Match"))).toEqual([null, '"2"']);
    expect(http.requests[0]?.url).toBe("http://api.invalid/api/v1/leads/0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11");
  });

  it("sends PATCH bodies as JSON merge patches and repeats array query parameters", async () => {
    const http = recorder(() => Response.json({ items: [], nextCursor: null }));
    const api = new MakCrmClient("http://api.invalid", http);
    await api.listLeads({ q: "8 999", status: ["new", "auction"], amountMin: 10.5 });
    expect(http.requests[0]?.url).toBe(
      "http://api.invalid/api/v1/leads?q=8%20999&status=new&status=auction&amountMin=10.5",
    );

    const patch = recorder(() => Response.json({}, { headers: { ETag: '"2"' } }));
    await new MakCrmClient("http://api.invalid", patch).updateClient("id", '"1"', { email: null, city: undefined } as unknown as UpdateClientRequest); // undefined: a JavaScript caller's
    const request = patch.requests[0] as Request;
    expect(request.method).toBe("PATCH");
    expect(request.headers.get("Content-Type")).toBe("application/merge-patch+json");
    expect(request.headers.get("If-Match")).toBe('"1"');
    expect(await request.text()).toBe('{"email":null}');
  });

  it("rejects with an ApiException carrying the problem, also for undocumented statuses", async () => {
    const body = {
      type: "urn:mak:problem:internal_error",
      title: "Oops",
      status: 500,
      code: "internal_error",
      traceId: "abc",
    };
    const http = recorder(() =>
      Response.json(body, { status: 500, headers: { "Content-Type": "application/problem+json" } }),
    );
    const error: unknown = await new MakCrmClient("http://api.invalid", http).getClient("id").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException).status).toBe(500);
    expect(problemOf(error)).toEqual(body);
    expect(problemOf(new Error("network"))).toBeUndefined();
  });
});
