import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient } from "../src/index.js";
import { baseUrl, expectProblem, newApi, partner } from "./helpers.js";

const api = newApi();
const today = new Date().toISOString().slice(0, 10);

async function partnerApi(): Promise<MakCrmClient> {
  const session = new TokenClient(baseUrl);
  await session.signIn(partner.email, partner.password);
  return new MakCrmClient(baseUrl, session);
}

describe("settlement acts", () => {
  it("lists acts, refuses a draft with nothing released and makes a reconciliation statement", async () => {
    const own = await partnerApi();
    const organizationId = (await own.getMe()).result.organization.id;

    expect(Array.isArray((await api.listSettlementActs({ status: "issued", limit: 10 })).result.items)).toBe(true);
    expect((await own.listSettlementActs()).result.items.every((act) => act.organizationId === organizationId)).toBe(true);

    // The partner's loans issued in this run are all still on hold: an act would pay nothing.
    await expectProblem(
      api.draftSettlementAct({ organizationId, periodFrom: "2026-01-01", periodTo: today }, crypto.randomUUID()),
      409,
      "settlement_nothing_to_pay",
    );
    await expectProblem(own.draftSettlementAct({ organizationId, periodFrom: "2026-01-01", periodTo: today }), 403, "forbidden");
    await expectProblem(api.getSettlementAct(crypto.randomUUID()), 404, "not_found");
    await expectProblem(own.requestSettlementAcceptanceCode(crypto.randomUUID()), 404, "not_found");

    const statement = await own.createReconciliationStatement({ from: "2026-01-01", to: today }, organizationId);
    expect(statement.status).toBe(201);
    expect(statement.result).toMatchObject({ organizationId, kind: "reconciliation", origin: "generated", contentType: "application/pdf" });
  });
});

describe("exports for 1С", () => {
  it("downloads the signed acts as an EnterpriseData message, a partner's only with itself as counterparty", async () => {
    const message = await api.exportSettlementEnterpriseData({ from: "2026-01-01", to: today });
    expect(message.status).toBe(200);
    expect(message.result.fileName).toMatch(/^enterprise-data-\d{8}-\d{6}\.xml$/);
    const xml = new TextDecoder("utf-8", { fatal: true }).decode(await message.result.data.arrayBuffer());
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>/);
    expect(xml).toContain("<msg:Format>http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8</msg:Format>");
    expect(xml).toContain('<Body xmlns="http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8">');
    expect(xml).toContain("<Справочник.Организации>");

    const own = await partnerApi();
    const organizationId = (await own.getMe()).result.organization.id;
    const mine = await own.exportSettlementEnterpriseData({ from: "2026-01-01", to: today });
    const counterparties = [...(await mine.result.data.text()).matchAll(
      /<Справочник\.Контрагенты>\s*<КлючевыеСвойства>\s*<Ссылка>([0-9a-f-]{36})<\/Ссылка>/g,
    )].map((match) => match[1]);
    expect(counterparties.every((id) => id === organizationId)).toBe(true);

    await expectProblem(api.exportSettlementEnterpriseData({ from: "2026-02-01", to: "2026-01-01" }), 400, "validation_failed");
  });
});
