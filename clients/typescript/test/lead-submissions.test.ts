import { describe, expect, it } from "vitest";
import { etagOf, type CreateLeadSubmissionRequest } from "../src/index.js";
import {
  e164,
  expectProblem,
  newApi,
  randomPhoneDigits,
  spelledWith8,
  spelledWithPlus7,
  uniqueMarker,
} from "./helpers.js";

const api = newApi();

function submission(phone: string, overrides: Partial<CreateLeadSubmissionRequest> = {}): CreateLeadSubmissionRequest {
  return {
    fullName: `Площадкин Пётр ${uniqueMarker()}`,
    phone,
    source: "external",
    requestedAmount: 1_500_000,
    product: "auto",
    comment: "Заявка с площадки",
    ...overrides,
  };
}

describe("lead submissions", () => {
  it("creates the client and the lead, and links a repeat in another spelling to the original", async () => {
    const digits = randomPhoneDigits();
    const email = `${uniqueMarker()}@example.ru`;

    const first = await api.submitLead(submission(spelledWith8(digits), { email: email.toUpperCase() }));
    expect(first.status).toBe(201);
    expect(first.headers["location"]).toBe(`/api/v1/leads/${first.result.lead.id}`);
    expect(etagOf(first)).toBe('"1"');
    expect(first.result.clientCreated).toBe(true);
    expect(first.result.duplicate).toBeNull();
    expect(first.result.lead.duplicateOf).toBeNull();
    const client = await api.getClient(first.result.lead.clientId);
    expect(client.result.phone).toBe(e164(digits));
    expect(client.result.email).toBe(email);

    const repeat = await api.submitLead(submission(spelledWithPlus7(digits), { email }));
    expect(repeat.status).toBe(201);
    expect(repeat.result.clientCreated).toBe(false);
    expect(repeat.result.lead.clientId).toBe(first.result.lead.clientId);
    expect(repeat.result.lead.duplicateOf).toBe(first.result.lead.id);
    expect(repeat.result.duplicate).toEqual({ of: first.result.lead.id, matchedBy: ["phone", "email"], originalVisible: true });

    const duplicates = await api.listLeads({ duplicateOf: first.result.lead.id });
    expect(duplicates.result.items.map((lead) => lead.id)).toEqual([repeat.result.lead.id]);
  });

  it("refuses a duplicate with 409 naming the existing lead when the source rejects duplicates", async () => {
    const code = `strict_${uniqueMarker()}`;
    await api.createClientSource({ code, name: "Строгая площадка", duplicatePolicy: "reject" });
    const digits = randomPhoneDigits();
    const first = await api.submitLead(submission(spelledWith8(digits), { source: code }));

    const problem = await expectProblem(api.submitLead(submission(spelledWithPlus7(digits), { source: code })), 409, "duplicate_lead");

    expect(problem.existingLeadId).toBe(first.result.lead.id);
    expect(problem.matchedBy).toEqual(["phone"]);
  });

  it("answers field errors as a validation problem", async () => {
    const problem = await expectProblem(api.submitLead(submission("12345")), 400, "validation_failed");

    expect(Object.keys(problem.errors ?? {})).toEqual(["phone"]);
  });
});
