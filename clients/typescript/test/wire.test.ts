// What the generated client cannot send (it always sends well-formed JSON), checked with the raw fetch, and how
// concurrent updates behave.
import { describe, expect, it } from "vitest";
import { ApiException, etagOf, isProblem, problemOf } from "../src/index.js";
import { adminSession, baseUrl, createClient, createLead, expectProblem, newApi } from "./helpers.js";

const api = newApi();
const session = adminSession();

/** A raw request, signed in as the bootstrap administrator. */
async function send(method: string, path: string, body: string, headers: Record<string, string> = {}) {
  const response = await session.fetch(`${baseUrl}${path}`, { method, body, headers });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: JSON.parse(text) as unknown,
  };
}

function expectWireProblem(answer: Awaited<ReturnType<typeof send>>, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(isProblem(answer.body)).toBe(true);
  expect(answer.body).toMatchObject({ status, code, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
}

describe("request bodies", () => {
  it("answers 415 unsupported_media_type for a body that is not JSON", async () => {
    expectWireProblem(
      await send("POST", "/api/v1/clients", "fullName=x", { "Content-Type": "text/plain" }),
      415,
      "unsupported_media_type",
    );
  });

  it("answers 400 malformed_json for broken JSON and for a body that is not an object", async () => {
    const json = { "Content-Type": "application/json" };
    expectWireProblem(await send("POST", "/api/v1/leads", '{"clientId":', json), 400, "malformed_json");
    const { client, etag } = await createClient(api);
    const patch = { "Content-Type": "application/merge-patch+json", "If-Match": etag };
    expectWireProblem(await send("PATCH", `/api/v1/clients/${client.id}`, "[1]", patch), 400, "malformed_json");
  });

  it("answers 413 payload_too_large for a body over 1 MiB", async () => {
    const body = JSON.stringify({ fullName: "x".repeat(1024 * 1024), phone: "+79990000000", source: "partner" });
    expectWireProblem(
      await send("POST", "/api/v1/clients", body, { "Content-Type": "application/json" }),
      413,
      "payload_too_large",
    );
  });

  it("accepts a PATCH sent as application/json as well as application/merge-patch+json", async () => {
    const { client, etag } = await createClient(api);
    const answer = await send("PATCH", `/api/v1/clients/${client.id}`, '{"city":"Ярославль"}', {
      "Content-Type": "application/json",
      "If-Match": etag,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: client.id, city: "Ярославль" });
  });
});

describe("concurrent updates", () => {
  it("let exactly one of several PATCHes with the same ETag win; the others get 412", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id });
    const amounts = [1_001, 1_002, 1_003, 1_004, 1_005];

    const outcomes = await Promise.allSettled(
      amounts.map((requestedAmount) => api.updateLead(lead.id, etag, { requestedAmount })),
    );

    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
    expect(won).toHaveLength(1);
    for (const reason of lost) {
      expect(reason).toBeInstanceOf(ApiException);
      expect({ status: (reason as ApiException).status, code: problemOf(reason)?.code }).toEqual({
        status: 412,
        code: "precondition_failed",
      });
    }
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof api.updateLead>>>).value;
    const read = await api.getLead(lead.id);
    expect(read.result.requestedAmount).toBe(winner.result.requestedAmount);
    expect(etagOf(read)).toBe(etagOf(winner));
    await expectProblem(api.updateLead(lead.id, etag, { requestedAmount: 9 }), 412, "precondition_failed");
  });
});

describe("rate limits", () => {
  it("says on every API answer what is left of the caller's limit and when it resets", async () => {
    const first = await api.listClients();
    const second = await api.listClients();
    // The test server allows 100000 requests a minute per caller (see test/global-setup.ts).
    expect(first.headers["ratelimit-policy"]).toBe('"api";q=100000;w=60');
    const left = (response: typeof first) => {
      const match = /^"api";r=(\d+);t=(\d+)$/.exec(String(response.headers["ratelimit"]));
      expect(match, String(response.headers["ratelimit"])).not.toBeNull();
      return { remaining: Number(match![1]), reset: Number(match![2]) };
    };
    // Unless a new window began between the two, the second request used one more of the quota.
    const newWindow = left(second).reset > left(first).reset;
    expect(newWindow || left(second).remaining < left(first).remaining).toBe(true);
    expect(left(second).reset).toBeGreaterThanOrEqual(1);
    expect(left(second).reset).toBeLessThanOrEqual(60);
  });
});
