import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RegistrationRequest } from "../src/index.js";
import { anonymousApi, expectProblem, newApi } from "./helpers.js";

const api = newApi();

function registration(email: string): RegistrationRequest {
  return {
    kind: "franchisee",
    companyName: "ИП Северов",
    legalForm: "ip",
    inn: "500100732259",
    city: "Мурманск",
    contactPhone: "+7 921 555-44-33",
    contactEmail: email,
    fullName: "Северов Семён",
    password: "Franchise-Password-2026",
  };
}

describe("organizations", () => {
  it("registers a franchisee as pending, and head office approves or rejects it once", async () => {
    const first = await anonymousApi().registerOrganization(registration(`ts-${randomUUID()}@franchise.example`));
    const second = await anonymousApi().registerOrganization(registration(`ts-${randomUUID()}@franchise.example`));
    expect(first.status).toBe(201);
    expect(first.result.status).toBe("pending");
    expect(first.result.contactPhone).toBe("+79215554433");

    const pending = await api.listOrganizations({ status: "pending", kind: "franchisee" });
    expect(pending.result.items.map((o) => o.id)).toEqual(expect.arrayContaining([first.result.id, second.result.id]));

    expect((await api.approveOrganization(first.result.id)).result.status).toBe("active");
    const rejected = await api.rejectOrganization(second.result.id, { reason: "Нет документов" });
    expect(rejected.result.status).toBe("rejected");
    expect(rejected.result.rejectionReason).toBe("Нет документов");
    await expectProblem(api.approveOrganization(second.result.id), 409, "organization_not_pending");
  });

  it("checks a registration in ЕГРЮЛ/ЕГРИП and keeps the answer on the organization", async () => {
    const registered = await anonymousApi().registerOrganization(registration(`ts-${randomUUID()}@franchise.example`));
    expect(registered.result.registrationCheck).toBeNull();
    // The test server has no address for the register: unavailable, never clear, and approval goes on.
    const checked = await api.checkOrganizationRegistration(registered.result.id);
    expect(checked.result.registrationCheck).toMatchObject({ outcome: "unavailable", reason: "not_configured" });
    const read = await api.getOrganization(registered.result.id);
    expect(read.result.registrationCheck?.checkedAt).toBe(checked.result.registrationCheck?.checkedAt);
    expect((await api.approveOrganization(registered.result.id)).result.status).toBe("active");
    await expectProblem(api.checkOrganizationRegistration(randomUUID()), 404, "not_found");
  });

  it("refuses an INN with a wrong check digit", async () => {
    const bad = { ...registration(`ts-${randomUUID()}@franchise.example`), inn: "500100732258" };
    const problem = await expectProblem(anonymousApi().registerOrganization(bad), 400, "validation_failed");
    expect(problem.errors).toHaveProperty("inn");
  });
});
