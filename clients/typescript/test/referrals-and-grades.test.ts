import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RegistrationRequest } from "../src/index.js";
import { anonymousApi, e164, expectProblem, newApi, randomPhoneDigits, uniqueMarker } from "./helpers.js";

const api = newApi();

function registration(inn: string, legalForm: "ooo" | "ip", referralCode: string | null): RegistrationRequest {
  return {
    kind: "partner",
    companyName: "ООО «Рефералов»",
    legalForm,
    inn,
    contactPhone: e164(randomPhoneDigits()),
    contactEmail: `ts-ref-${randomUUID()}@partner.example`,
    fullName: "Рефералов Роман",
    password: "Referral-Password-2026",
    referralCode,
  };
}

describe("referrals and grades", () => {
  it("registers through a referral code, lists the referral and lets head office correct it", async () => {
    const referrer = (await anonymousApi().registerOrganization(registration("7707083893", "ooo", null))).result;
    await api.approveOrganization(referrer.id);
    const program = (await api.getReferralProgram(referrer.id)).result;
    expect(program.code).toMatch(/^[23456789A-HJKMNP-TV-Z]{8}$/);
    expect(program.link).toMatch(new RegExp(`/r/${program.code}$`));

    const referred = (await anonymousApi().registerOrganization(registration("500100732259", "ip", program.code!.toLowerCase()))).result;
    const level1 = (await api.listReferrals(referrer.id, { level: 1 })).result.items;
    expect(level1).toEqual([expect.objectContaining({ organizationId: referred.id, level: 1, status: "pending", leadCount: 0 })]);
    await expectProblem(anonymousApi().registerOrganization(registration("7707083893", "ooo", program.code)), 422, "referral_self");
    await expectProblem(anonymousApi().registerOrganization(registration("7707083893", "ooo", "ZZZZ2222")), 422, "referral_code_unknown");

    const corrected = (await api.setOrganizationReferrer(referred.id, { referrerOrganizationId: null, reason: "Ошибочная привязка" })).result;
    expect(corrected).toMatchObject({ referrerOrganizationId: null, referrerCorrectionReason: "Ошибочная привязка" });
    await expectProblem(api.setOrganizationReferrer(referrer.id, { referrerOrganizationId: referrer.id, reason: "Сам себя" }), 422, "referral_self");
  });

  it("keeps a grade table, overrides a grade with a reason and shows the history and progress", async () => {
    const code = `ts_${uniqueMarker()}`.slice(0, 32);
    const created = await api.createGrade({
      organizationKind: "franchisee", code, name: "Платина", rank: randomInt(500, 1000), basis: "issued_volume", threshold: 100_000_000, periodMonths: 3,
    });
    expect(created.status).toBe(201);
    const changed = await api.updateGrade(created.result.id, { name: "Платина+", rank: created.result.rank, basis: "issued_count", threshold: 50, periodMonths: 6 });
    expect(changed.result).toMatchObject({ code, name: "Платина+", basis: "issued_count", periodMonths: 6 });
    expect((await api.listGrades({ kind: "franchisee" })).result.items.map((g) => g.code)).toContain(code);
    await expectProblem(
      api.createGrade({ organizationKind: "franchisee", code, name: "Дубль", rank: 1, basis: "issued_count", threshold: 1, periodMonths: 1 }),
      409,
      "grade_exists",
    );

    const franchisee = (await anonymousApi().registerOrganization({ ...registration("500100732259", "ip", null), kind: "franchisee" })).result;
    await api.approveOrganization(franchisee.id);
    await api.setOrganizationGrade(franchisee.id, { grade: code, reason: "Перевод по итогам квартала" });
    const history = (await api.listGradeHistory(franchisee.id)).result.items;
    expect(history).toEqual([expect.objectContaining({ grade: code, source: "override", reason: "Перевод по итогам квартала" })]);
    const progress = (await api.getGradeProgress(franchisee.id)).result;
    expect(progress.grade).toBe(code);
  });
});
