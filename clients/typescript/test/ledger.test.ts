import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient } from "../src/index.js";
import { anonymousApi, baseUrl, createClient, createLead, expectProblem, newApi, sql } from "./helpers.js";

const api = newApi();

const franchisePassword = "Franchise-Password-2026";

/** A franchisee registers itself and is approved; head office keeps its ledger from then on. */
async function registerFranchisee(email = `ts-${randomUUID()}@franchise.example`): Promise<string> {
  const response = await anonymousApi().registerOrganization({
    kind: "franchisee",
    companyName: `ИП Балансов ${randomUUID().slice(0, 8)}`,
    legalForm: "ip",
    inn: "500100732259",
    contactPhone: "+7 921 555-44-35",
    contactEmail: email,
    fullName: "Балансов Борис",
    password: franchisePassword,
  });
  expect(response.status).toBe(201);
  await api.approveOrganization(response.result.id);
  return response.result.id;
}

/** A franchisee's user, signed in with the password (franchisees need no second factor). */
async function franchiseeApi(): Promise<{ organizationId: string; api: MakCrmClient }> {
  const email = `ts-${randomUUID()}@franchise.example`;
  const organizationId = await registerFranchisee(email);
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(email, franchisePassword);
  return { organizationId, api: new MakCrmClient(baseUrl, tokens) };
}

/**
 * A lead head office sold to the franchisee for `price`: moved to it and charged, as the auction does — under the
 * franchisee's ledger lock, numbered after its last entry with the running balance (ADR 0011).
 */
async function boughtLead(organizationId: string, price: number): Promise<string> {
  const { client } = await createClient(api);
  const { lead } = await createLead(api, { clientId: client.id, status: "auction" });
  sql(
    `UPDATE leads SET organization_id = '${organizationId}', status = 'in_progress' WHERE id = '${lead.id}';` +
      `SELECT pg_advisory_xact_lock(hashtextextended('ledger:${organizationId}', 0));` +
      `INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, lead_id, created_at, entry_no, balance_after, held_after) ` +
      `SELECT '${randomUUID()}', '${organizationId}', 'charge', ${-price}, '${randomUUID()}', '${lead.id}', now(), ` +
      `COALESCE(last.entry_no, 0) + 1, COALESCE(last.balance_after, 0) - ${price}, COALESCE(last.held_after, 0) ` +
      `FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT entry_no, balance_after, held_after FROM ledger_entries ` +
      `WHERE organization_id = '${organizationId}' ORDER BY entry_no DESC LIMIT 1) AS last ON true;`,
  );
  return lead.id;
}

describe("ledger", () => {
  it("records deposits and adjustments, and the balance is their sum", async () => {
    const franchisee = await registerFranchisee();
    const deposit = await api.recordDeposit({ organizationId: franchisee, amount: 1000, comment: "Платёжное поручение № 7" });
    expect(deposit.status).toBe(201);
    expect(deposit.result).toMatchObject({ organizationId: franchisee, kind: "deposit", amount: 1000, balanceAfter: 1000, heldAfter: 0, leadId: null });
    const adjustment = await api.recordAdjustment({ organizationId: franchisee, amount: -250.5, comment: "Ошибочный платёж" });
    expect(adjustment.result).toMatchObject({ kind: "adjustment", balanceAfter: 749.5, heldAfter: 0 });

    const balance = await api.getBalance(franchisee);
    expect(balance.result).toMatchObject({ organizationId: franchisee, available: 749.5, held: 0, total: 749.5, grade: null });
    const entries = await api.listLedgerEntries({ organizationId: franchisee, kind: ["deposit", "adjustment"], sort: "createdAt" });
    expect(entries.result.items.map((e) => [e.id, e.balanceAfter])).toEqual([[deposit.result.id, 1000], [adjustment.result.id, 749.5]]);
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

    const balances = await api.listBalances({ grade });
    expect(balances.result.items.map((b) => b.organizationId)).toEqual([franchisee]);
    const problem = await expectProblem(api.setOrganizationGrade(franchisee, { grade: "золото" }), 400, "validation_failed");
    expect(problem.errors).toHaveProperty("grade");
  });
});

describe("lead returns", () => {
  it("a franchisee returns a bought lead; head office accepts one and rejects another, once", async () => {
    const franchisee = await franchiseeApi();
    await api.recordDeposit({ organizationId: franchisee.organizationId, amount: 5000, comment: "Пополнение" });
    const first = await boughtLead(franchisee.organizationId, 1200);
    const second = await boughtLead(franchisee.organizationId, 800);

    const requested = await franchisee.api.requestLeadReturn(first, { reason: "unreachable", comment: "Не берёт трубку" });
    expect(requested.status).toBe(201);
    expect(requested.result).toMatchObject({ leadId: first, status: "requested", amount: 1200, reason: "unreachable" });
    const other = await franchisee.api.requestLeadReturn(second, { reason: "duplicate" });
    const open = await franchisee.api.listLeadReturns({ status: "requested" });
    expect(open.result.items.map((r) => r.id).sort()).toEqual([requested.result.id, other.result.id].sort());

    const accepted = await api.acceptLeadReturn(requested.result.id);
    expect(accepted.result.status).toBe("accepted");
    expect((await api.getLedgerEntry(accepted.result.refundEntryId!)).result).toMatchObject({ kind: "refund", amount: 1200 });
    expect((await api.getLead(first)).result).toMatchObject({ status: "returned", responsibleUserId: null });
    const rejected = await api.rejectLeadReturn(other.result.id, { reason: "Клиент на связи" });
    expect(rejected.result.rejectionReason).toBe("Клиент на связи");
    expect((await franchisee.api.getLeadReturn(other.result.id)).result.status).toBe("rejected");
    expect((await franchisee.api.getBalance(franchisee.organizationId)).result.available).toBe(5000 - 800);

    await expectProblem(api.acceptLeadReturn(requested.result.id), 409, "lead_return_decided");
    await expectProblem(api.rejectLeadReturn(other.result.id, { reason: "Ещё раз" }), 409, "lead_return_decided");
  });


  it("lists returns and refuses to return a lead the caller did not buy", async () => {
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });

    await expectProblem(api.requestLeadReturn(lead.id, { reason: "unreachable" }), 409, "lead_not_returnable");
    const returns = await api.listLeadReturns({ leadId: lead.id });
    expect(returns.status).toBe(200);
    expect(returns.result.items).toEqual([]);
    await expectProblem(api.getLeadReturn(randomUUID()), 404, "not_found");
    await expectProblem(api.acceptLeadReturn(randomUUID()), 404, "not_found");
    const rejected = await expectProblem(api.rejectLeadReturn(randomUUID(), { reason: "" }), 400, "validation_failed");
    expect(rejected.errors).toHaveProperty("reason");
  });
});
