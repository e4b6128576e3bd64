import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("consents", () => {
  it("records consents per purpose with a lead, checks them, and refuses a purpose once withdrawn", async () => {
    const phone = `+7999${String(Date.now()).slice(-7)}`;
    const givenAt = new Date(Date.now() - 60_000).toISOString();
    const submitted = await api.submitLead(
      {
        fullName: "Согласов Семён",
        phone,
        source: "partner",
        consents: [
          { purpose: "personal_data_processing", givenAt, textVersion: "site-2026-11" },
          { purpose: "advertising_messages", givenAt, textVersion: "site-2026-11" },
        ],
      },
      randomUUID(),
    );
    const clientId = submitted.result.lead.clientId;
    expect(submitted.result.lead.consent?.textVersion).toBe("site-2026-11");

    const listed = (await api.listConsents({ clientId })).result.items;
    expect(listed.map((c) => c.purpose).sort()).toEqual(["advertising_messages", "personal_data_processing"]);
    const advertising = listed.find((c) => c.purpose === "advertising_messages")!;
    expect(advertising).toMatchObject({ status: "active", expiresAt: null, leadId: submitted.result.lead.id });
    expect(Date.parse(advertising.givenAt)).toBe(Date.parse(givenAt));

    expect((await api.checkConsent({ clientId, purpose: "advertising_messages" })).result.id).toBe(advertising.id);
    const withdrawn = await api.withdrawConsent({ source: "form" }, advertising.id);
    expect(withdrawn.result.status).toBe("withdrawn");
    const problem = await expectProblem(
      api.checkConsent({ clientId, purpose: "advertising_messages" }),
      409,
      "consent_required",
    );
    expect(problem.purpose).toBe("advertising_messages");

    const credit = await api.createConsent(
      { clientId, purpose: "credit_history_request", textVersion: "2026-11", givenAt, source: "form" },
      randomUUID(),
    );
    expect(credit.status).toBe(201);
    // Six calendar months: 181 to 184 days, whichever months they are.
    const days = (Date.parse(credit.result.expiresAt!) - Date.parse(credit.result.givenAt)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(181);
    expect(days).toBeLessThanOrEqual(184);
    expect((await api.getConsent(credit.result.id)).result.purpose).toBe("credit_history_request");
  });
});
