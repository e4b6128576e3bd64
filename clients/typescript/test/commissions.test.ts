import { describe, expect, it } from "vitest";
import { approvedFranchisee, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();
const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);

describe("commission rules, the calculator and the commission ledger", () => {
  it("adds rules and quotes a loan by them, with the next grade", async () => {
    const marker = uniqueMarker().slice(0, 10);
    const bankCode = `tsc_${marker}`;
    await api.createBank({ code: bankCode, name: "Банк комиссий" });
    const base = await api.createCommissionRule({ kind: "base", effectiveFrom: yearAgo, bankCode, product: "consumer", baseMethod: "rate", rate: 0.03 });
    expect(base.status).toBe(201);
    await api.createCommissionRule({ kind: "partner_share", effectiveFrom: yearAgo, grade: `lo_${marker}`, rate: 0.4 });
    await api.createCommissionRule({ kind: "partner_share", effectiveFrom: yearAgo, grade: `hi_${marker}`, rate: 0.99 });
    await expectProblem(
      api.createCommissionRule({ kind: "base", effectiveFrom: yearAgo, bankCode, product: "consumer", baseMethod: "rate", rate: 0.05 }),
      409,
      "commission_rule_exists",
    );

    const quote = (await api.quoteCommission({ bankCode, product: "consumer", amount: 1_000_000, termMonths: 36, grade: `lo_${marker}` })).result;
    expect(quote).toMatchObject({ base: 30_000, share: 0.4, income: 12_000, holdDays: 30 });
    expect(quote.nextGrade?.share).toBeGreaterThan(0.4);

    const inForce = (await api.listCommissionRules({ kind: "base", on: new Date().toISOString().slice(0, 10) })).result.items;
    expect(inForce.some((r) => r.bankCode === bankCode && r.rate === 0.03)).toBe(true);
    // A calendar day (typed IsoDate) is "yyyy-mm-dd", no time and no zone.
    expect(inForce.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.effectiveFrom))).toBe(true);
    // A rule narrows on its kind: a base rule's bank, product and method are not nullable.
    const bases = inForce.flatMap((r) => {
      if (r.kind !== "base") return [];
      const bank: string = r.bankCode;
      return [`${bank}/${r.product}/${r.baseMethod}`];
    });
    expect(bases).toContain(`${bankCode}/consumer/rate`);
    await expectProblem(api.quoteCommission({ bankCode: `none_${marker}`, product: "consumer", amount: 1000, termMonths: 12 }), 409, "commission_rules_missing");
  });

  it("gives a franchisee a bonus, which it reads in its ledger, and reverses it once", async () => {
    const { client: own, organizationId } = await approvedFranchisee(api);
    const recorded = await api.recordCommissionBonus({ organizationId, amount: 1500.5, reason: "Лучший месяц" }, crypto.randomUUID());
    expect(recorded.status).toBe(201);
    expect(recorded.result).toMatchObject({ organizationId, kind: "bonus", amount: 1500.5, availableChange: 1500.5, onHoldChange: 0, reason: "Лучший месяц", rewards: null });

    expect((await own.getCommissionEntry(recorded.result.id)).result.reason).toBe("Лучший месяц");
    expect((await own.listCommissionBalances()).result.items).toEqual([{ organizationId, onHold: 0, available: 1500.5 }]);
    await expectProblem(own.recordCommissionBonus({ organizationId, amount: 1, reason: "Себе" }), 403, "forbidden");

    const reversal = await api.reverseCommissionBonus(recorded.result.id, { reason: "По ошибке" });
    expect(reversal.result).toMatchObject({ kind: "reversal", amount: -1500.5, followsEntryId: recorded.result.id, availableAfter: 0 });
    expect((await api.reverseCommissionBonus(recorded.result.id, { reason: "Ещё раз" })).result.id).toBe(reversal.result.id);
  });

  it("reads commission entries and balances", async () => {
    const entries = (await api.listCommissionEntries({ kind: ["accrual", "release"], limit: 5 })).result;
    expect(Array.isArray(entries.items)).toBe(true);
    const balances = (await api.listCommissionBalances()).result.items;
    expect(Array.isArray(balances)).toBe(true);
  });
});
