import { describe, expect, it } from "vitest";
import { etagOf } from "../src/index.js";
import { createClient, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();
const today = new Date().toISOString().slice(0, 10);

describe("banks and issued loans", () => {
  it("lists, adds and deactivates banks", async () => {
    expect((await api.listBanks()).result.items.map((b) => b.code)).toContain("sberbank");
    const code = `ts_bank_${uniqueMarker()}`;
    const created = await api.createBank({ code, name: "Банк TS" });
    expect(created.status).toBe(201);
    expect(created.result.active).toBe(true);
    const changed = await api.updateBank(code, etagOf(created) as string, { active: false });
    expect(changed.result.active).toBe(false);
    await expectProblem(api.createBank({ code, name: "Дубль" }), 409, "bank_exists");
  });

  it("records a deal's loan issue and its cancellation", async () => {
    const { client } = await createClient(api);
    const deal = (await api.createDeal({ clientId: client.id, title: "Автокредит", amount: 1_200_000, product: "auto" })).result;
    expect(deal.loan).toBeNull();

    const issued = await api.recordLoanIssue(deal.id, { issuedOn: today, amount: 1_100_000, bankCode: "alfabank", product: "auto", termMonths: 48 });
    expect(issued.result.loan).toMatchObject({ number: 1, issuedOn: today, amount: 1_100_000, bankCode: "alfabank", product: "auto", termMonths: 48, cancelledOn: null });

    const cancelled = await api.cancelLoanIssue(deal.id, { cancelledOn: today, reason: "bank_clawback" });
    expect(cancelled.result.loan?.cancellationReason).toBe("bank_clawback");
    await expectProblem(api.cancelLoanIssue(deal.id, { cancelledOn: today, reason: "early_return" }), 409, "loan_not_issued");
  });

  it("records the fee the bank paid, replays it unchanged and refuses one for a cancelled loan", async () => {
    const { client } = await createClient(api);
    const deal = (await api.createDeal({ clientId: client.id, title: "Ипотека с комиссией", amount: 5_000_000, product: "mortgage" })).result;
    await expectProblem(api.recordLoanFee(deal.id, { amount: 45_000, receivedOn: today }), 409, "loan_not_issued");

    const issued = await api.recordLoanIssue(deal.id, { issuedOn: today, amount: 5_000_000, bankCode: "sberbank", product: "mortgage", termMonths: 240 });
    const recorded = await api.recordLoanFee(deal.id, { amount: 45_000.5, receivedOn: today, reference: "п/п 4512" }, etagOf(issued));
    expect(recorded.result.loan?.fee).toEqual({ amount: 45_000.5, receivedOn: today, reference: "п/п 4512" });
    const replayed = await api.recordLoanFee(deal.id, { amount: 45_000.5, receivedOn: today, reference: "п/п 4512" });
    expect(etagOf(replayed)).toBe(etagOf(recorded));
    await expectProblem(api.recordLoanFee(deal.id, { amount: 1, receivedOn: "2000-01-01" }), 400, "validation_failed");
    await expectProblem(api.recordLoanFee(deal.id, { amount: 46_000, receivedOn: today }, etagOf(issued)), 412, "precondition_failed");

    await api.cancelLoanIssue(deal.id, { cancelledOn: today, reason: "early_return" });
    await expectProblem(api.recordLoanFee(deal.id, { amount: 46_000, receivedOn: today }), 409, "loan_not_issued");
  });
});
