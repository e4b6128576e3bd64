import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient, createLead, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();
const today = new Date().toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

describe("credit programmes", () => {
  it("keeps a bank's programmes, matches a lead to them with reasons and quotes a programme's commission", async () => {
    const bankCode = `tcp_${uniqueMarker().slice(0, 10)}`;
    await api.createBank({ code: bankCode, name: "Банк программ" });
    const programme = (name: string, rateMin: number, amountMax: number) =>
      api.createCreditProgramme(
        {
          bankCode,
          name,
          product: "mortgage",
          rateMin,
          rateMax: rateMin + 4,
          amountMax,
          termMaxMonths: 360,
          regions: ["77", "50", "77"],
          documents: ["Паспорт РФ"],
          effectiveFrom: monthAgo,
          commissionPercent: 0.9,
        },
        randomUUID(),
      );
    const family = await programme("Семейная ипотека", 6, 12_000_000);
    expect(family.status).toBe(201);
    expect(family.result.regions).toEqual(["50", "77"]);
    const small = (await programme("Небольшая ипотека", 7, 2_000_000)).result;

    const changed = await api.updateCreditProgramme(family.result.id, '"1"', { effectiveTo: null, rateMax: 8 });
    expect(changed.result).toMatchObject({ rateMax: 8, effectiveTo: null, version: 2 });
    await expectProblem(api.updateCreditProgramme(family.result.id, '"1"', { archived: true }), 412, "precondition_failed");
    await expectProblem(
      api.updateCreditProgramme(family.result.id, '"2"', { rateMin: 9 }),
      400,
      "validation_failed",
    );

    const listed = await api.listCreditProgrammes({ bankCode, effectiveOn: today, sort: "-rateMin" });
    expect(listed.result.items.map((p) => p.name)).toEqual(["Небольшая ипотека", "Семейная ипотека"]);

    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id, product: "mortgage", requestedAmount: 5_000_000 });
    const matched = (await api.matchLeadCreditProgrammes(lead.id, { termMonths: 240, region: "77" })).result;
    expect(matched.request).toMatchObject({ product: "mortgage", amount: 5_000_000, termMonths: 240, region: "77" });
    const ours = matched.matches.filter((p) => p.bankCode === bankCode);
    expect(ours.map((p) => p.id)).toEqual([family.result.id]);
    const refused = matched.nonMatches.find((n) => n.programme.id === small.id);
    expect(refused?.reasons).toEqual(["amount_out_of_range"]);
    await expectProblem(api.matchLeadCreditProgrammes(randomUUID()), 404, "not_found");

    const quote = await api.quoteCommission({
      bankCode,
      product: "mortgage",
      amount: 5_000_000,
      termMonths: 240,
      creditProgrammeId: family.result.id,
    });
    expect(quote.result).toMatchObject({ baseMethod: "rate", baseRate: 0.009, base: 45_000, creditProgrammeId: family.result.id });
  });
});
