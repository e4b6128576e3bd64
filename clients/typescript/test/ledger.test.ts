import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { anonymousApi, createClient, createLead, expectProblem, newApi } from "./helpers.js";

const api = newApi();

/** A franchisee registers itself; head office may keep its ledger from then on. */
async function registerFranchisee(): Promise<string> {
  const response = await anonymousApi().registerOrganization({
    kind: "franchisee",
    companyName: `ИП Балансов ${randomUUID().slice(0, 8)}`,
    legalForm: "ip",
    inn: "500100732259",
    contactPhone: "+7 921 555-44-35",
    contactEmail: `ts-${randomUUID()}@franchise.example`,
    fullName: "Балансов Борис",
    password: "Franchise-Password-2026",
  });
  expect(response.status).toBe(201);
  await api.approveOrganization(response.result.id);
  return response.result.id;
}

describe("ledger", () => {
  it("records deposits and adjustments, and the balance is their sum", async () => {
    const franchisee = await registerFranchisee();
    const deposit = await api.recordDeposit({ organizationId: franchisee, amount: 1000, comment: "Платёжное поручение № 7" });
    expect(deposit.status).toBe(201);
    expect(deposit.result).toMatchObject({ organizationId: franchisee, kind: "deposit", amount: 1000, leadId: null });
    const adjustment = await api.recordAdjustment({ organizationId: franchisee, amount: -250.5, comment: "Ошибочный платёж" });
    expect(adjustment.result.kind).toBe("adjustment");

    const balance = await api.getBalance(franchisee);
    expect(balance.result).toMatchObject({ organizationId: franchisee, available: 749.5, held: 0, total: 749.5, grade: null });
    const entries = await api.listLedgerEntries(franchisee, ["deposit", "adjustment"], undefined, undefined, undefined, undefined, "createdAt");
    expect(entries.result.items.map((e) => e.id)).toEqual([deposit.result.id, adjustment.result.id]);
    expect((await api.getLedgerEntry(adjustment.result.id)).result.comment).toBe("Ошибочный платёж");
  });

  it("refuses an adjustment that would take the available balance below zero", async () => {
    const franchisee = await registerFranchisee();
    await api.recordDeposit({ organizationId: franchisee, amount: 100, comment: "Пополнение" });

    const problem = await expectProblem(
      api.recordAdjustment({ organizationId: franchisee, amount: -100.01, comment: "Слишком много" }),
      409,
      "insufficient_balance",
    );
    expect(problem.availableBalance).toBe(100);
  });

  it("sets a franchisee's grade and lists balances by grade", async () => {
    const franchisee = await registerFranchisee();
    const grade = `g${randomUUID().slice(0, 8)}`;

    const organization = await api.setOrganizationGrade(franchisee, { grade: grade.toUpperCase() });
    expect(organization.result.grade).toBe(grade);

    const balances = await api.listBalances(grade);
    expect(balances.result.items.map((b) => b.organizationId)).toEqual([franchisee]);
    const problem = await expectProblem(api.setOrganizationGrade(franchisee, { grade: "золото" }), 400, "validation_failed");
    expect(problem.errors).toHaveProperty("grade");
  });
});

describe("lead returns", () => {
  it("lists returns and refuses to return a lead the caller did not buy", async () => {
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });

    await expectProblem(api.requestLeadReturn(lead.id, { reason: "unreachable" }), 409, "lead_not_returnable");
    const returns = await api.listLeadReturns(undefined, lead.id);
    expect(returns.status).toBe(200);
    expect(returns.result.items).toEqual([]);
    await expectProblem(api.getLeadReturn(randomUUID()), 404, "not_found");
    await expectProblem(api.acceptLeadReturn(randomUUID()), 404, "not_found");
    const rejected = await expectProblem(api.rejectLeadReturn(randomUUID(), { reason: "" }), 400, "validation_failed");
    expect(rejected.errors).toHaveProperty("reason");
  });
});
