import { describe, expect, it } from "vitest";
import { etagOf } from "../src/index.js";
import { createClient, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();

describe("client sources", () => {
  it("lists the seeded sources and adds and changes a new one", async () => {
    const seeded = (await api.listClientSources()).result.items.map((s) => s.code);
    expect(seeded).toEqual(expect.arrayContaining(["partner", "lead_generation", "cold_base", "external", "purchased_base"]));

    const code = `ts_${uniqueMarker()}`;
    const created = await api.createClientSource({ code, name: "Из TypeScript", position: 70 });
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({ code, name: "Из TypeScript", position: 70, active: true, duplicatePolicy: "link" });

    const changed = await api.updateClientSource(code, etagOf(created) as string, { duplicatePolicy: "reject", active: false });
    expect(changed.result).toMatchObject({ code, active: false, duplicatePolicy: "reject" });
    const inactive = api.createClient({ fullName: "Неактивный Источник", phone: "+79990000001", source: code });
    const problem = await expectProblem(inactive, 400, "validation_failed");
    expect(Object.keys(problem.errors ?? {})).toEqual(["source"]);
  });

  it("refuses a taken code with 409", async () => {
    await expectProblem(api.createClientSource({ code: "partner", name: "Дубль" }), 409, "client_source_exists");
  });
});

describe("client profile and segments", () => {
  it("keeps the processing method, normalised tags and consent, and withdraws consent by a patch", async () => {
    const { client, etag } = await createClient(api, {
      processingMethod: "franchisee",
      tags: [" VIP ", "Ипотека"],
      consent: { givenAt: "2026-11-01T10:00:00Z", textVersion: "v1" },
    });
    expect(client.processingMethod).toBe("franchisee");
    expect(client.tags).toEqual(["vip", "ипотека"]);
    expect(client.consent).toMatchObject({ textVersion: "v1", withdrawnAt: null });

    const patched = await api.updateClient(client.id, etag, { consent: { withdrawnAt: "2026-11-02T10:00:00Z" }, processingMethod: null });
    expect(patched.result.processingMethod).toBeNull();
    expect(Date.parse(patched.result.consent?.withdrawnAt ?? "")).toBe(Date.parse("2026-11-02T10:00:00Z"));
  });

  it("refuses a consent given in the future, field by field", async () => {
    const problem = await expectProblem(
      api.createClient({ fullName: "Будущий Клиент", phone: "+79990000002", source: "partner", consent: { givenAt: "2099-01-01T00:00:00Z" } }),
      400,
      "validation_failed",
    );
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual(["consent.givenAt", "consent.textVersion"]);
  });

  it("counts the filtered clients by source and processing method", async () => {
    const tag = uniqueMarker();
    await createClient(api, { source: "cold_base", processingMethod: "call_center", tags: [tag] });
    await createClient(api, { source: "cold_base", tags: [tag], consent: { givenAt: "2026-11-01T10:00:00Z", textVersion: "v1" } });
    await createClient(api, { source: "external", processingMethod: "call_center", tags: [tag] });

    const segments = (await api.getClientSegments({ tag: [tag] })).result;
    expect(segments.total).toBe(3);
    expect(segments.bySource).toEqual([{ source: "cold_base", count: 2 }, { source: "external", count: 1 }]);
    expect(segments.byProcessingMethod).toEqual([{ processingMethod: "call_center", count: 2 }, { processingMethod: null, count: 1 }]);

    const consented = (await api.getClientSegments({ tag: [tag], hasConsent: true })).result;
    expect(consented.total).toBe(1);
    const listed = (await api.listClients({ source: ["external"], processingMethod: ["call_center"], tag: [tag] })).result.items;
    expect(listed).toHaveLength(1);
  });

  it("refuses an unknown processing method in the filters", async () => {
    const problem = await expectProblem(
      api.getClientSegments({ processingMethod: ["telepathy" as never] }),
      400,
      "validation_failed",
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["processingMethod"]);
  });
});
