import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient, createLead, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();

describe("borrower checks", () => {
  it("runs a sanctions check against an imported list, lists it on the client and its lead, and reads the policy", async () => {
    const { client } = await createClient(api, { fullName: "Санкционов Семён Семёнович" });
    const { lead } = await createLead(api, { clientId: client.id });
    await expectProblem(
      api.runBorrowerCheck({ kind: "sanctions", birthDate: "1980-02-01" }, client.id, randomUUID()),
      409,
      "consent_required",
    );
    await api.createConsent(
      {
        clientId: client.id,
        purpose: "borrower_checks",
        textVersion: "2026-11",
        givenAt: new Date(Date.now() - 60_000).toISOString(),
        source: "form",
      },
      randomUUID(),
    );

    const version = `ts-${uniqueMarker()}`;
    // Росфинмониторинг's list file as delivered: the person and their other name are two entries.
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><Перечень><АктуальныйПеречень><Субъект><ИдСубъекта>1</ИдСубъекта><ФЛ>' +
      "<ФИО>САНКЦИОНОВ СЕМЁН СЕМЁНОВИЧ</ФИО><ДатаРождения>1980-02-01</ДатаРождения><СписокДрНаименований>" +
      "<ДрНаименование><ФИО>САНКЦИОНОВ СЕМЕН</ФИО></ДрНаименование></СписокДрНаименований></ФЛ></Субъект>" +
      "</АктуальныйПеречень></Перечень>";
    const list = await api.importSanctionsList(
      randomUUID(),
      { data: new Blob([xml], { type: "application/xml" }), fileName: "list.xml" },
      version,
    );
    expect(list.status).toBe(201);
    expect(list.result).toMatchObject({ version, entries: 2 });
    expect((await api.getSanctionsList(list.result.id)).result.version).toBe(version);

    const hit = await api.runBorrowerCheck({ kind: "sanctions", birthDate: "1980-02-01" }, client.id, randomUUID());
    expect(hit.status).toBe(201);
    expect(hit.result).toMatchObject({ kind: "sanctions", provider: "sanctions_list", status: "completed" });
    expect(hit.result).toMatchObject({ outcome: "hit", listVersion: version });
    expect(hit.result.matches.map((m) => m.fullName)).toContain("САНКЦИОНОВ СЕМЁН СЕМЁНОВИЧ");
    const needsInput = await api.runBorrowerCheck({ kind: "self_employed" }, client.id, randomUUID());
    expect(needsInput.result).toMatchObject({ outcome: "needs_input", missing: ["inn"], reason: null });
    await expectProblem(
      api.runBorrowerCheck({ kind: "self_employed", inn: "500100732258" }, client.id, randomUUID()),
      400,
      "validation_failed",
    );

    expect((await api.getBorrowerCheck(hit.result.id)).result.id).toBe(hit.result.id);
    const ofClient = (await api.listClientBorrowerChecks(client.id)).result.items.map((c) => c.id);
    expect(ofClient).toEqual([needsInput.result.id, hit.result.id]);
    const ofLead = (await api.listLeadBorrowerChecks(lead.id, { kind: "sanctions" })).result.items.map((c) => c.id);
    expect(ofLead).toEqual([hit.result.id]);

    // ФССП searches one region: without it the check waits for input, and a region is 1 to 99.
    const noRegion = await api.runBorrowerCheck(
      { kind: "enforcement_proceedings", birthDate: "1980-02-01" },
      client.id,
      randomUUID(),
    );
    expect(noRegion.result).toMatchObject({ provider: "fssp", outcome: "needs_input", missing: ["region"] });
    await expectProblem(
      api.runBorrowerCheck({ kind: "enforcement_proceedings", region: 100 }, client.id, randomUUID()),
      400,
      "validation_failed",
    );

    const company = await api.runBorrowerCheck({ kind: "company_registration" }, client.id, randomUUID());
    expect(company.result).toMatchObject({ provider: "egrul", outcome: "needs_input", missing: ["inn", "ogrn"] });
    await expectProblem(
      api.runBorrowerCheck({ kind: "company_registration", ogrn: "1027700132196" }, client.id, randomUUID()),
      400,
      "validation_failed",
    );
    // The test server has no key for the register: unavailable, never clear.
    const unasked = await api.runBorrowerCheck(
      { kind: "company_registration", ogrn: "1027700132195" },
      client.id,
      randomUUID(),
    );
    expect(unasked.result).toMatchObject({ outcome: "unavailable", reason: "not_configured" });
    const companies = await api.listClientBorrowerChecks(client.id, { kind: "company_registration" });
    expect(companies.result.items.map((c) => c.id)).toEqual([unasked.result.id, company.result.id]);

    const policy = await api.getBorrowerCheckPolicy();
    expect(policy.result.validDays).toBeGreaterThanOrEqual(1);
    expect(policy.result.requiredBeforeBank).toEqual([]);
    await expectProblem(
      api.replaceBorrowerCheckPolicy(
        { requiredBeforeAuction: [], requiredBeforeBank: ["sanctions"], validDays: 30 },
        '"999999"',
      ),
      412,
      "precondition_failed",
    );
  });
});
