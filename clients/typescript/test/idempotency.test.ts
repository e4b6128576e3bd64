import { describe, expect, it } from "vitest";
import { e164, newApi, randomPhoneDigits, uniqueMarker } from "./helpers.js";

const api = newApi();

describe("idempotency keys", () => {
  it("replays a retried lead submission with the same key instead of creating a second lead", async () => {
    const key = crypto.randomUUID();
    const submission = {
      fullName: `Повторов ${uniqueMarker()}`,
      phone: e164(randomPhoneDigits()),
      source: "external",
      requestedAmount: 1500000,
      product: "auto" as const,
    };

    const first = await api.submitLead(submission, key);
    const retry = await api.submitLead(submission, key);

    expect(first.status).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(retry.status).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.headers["location"]).toBe(first.headers["location"]);
    expect(retry.result).toEqual(first.result);
  });
});
