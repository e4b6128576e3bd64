import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { etagOf, MakCrmClient, TokenClient } from "../src/index.js";
import { anonymousApi, baseUrl, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();

/** A partner registered and approved for this test, with a client signed in as its owner (the registrant). */
async function approvedPartner(name: string): Promise<{ id: string; owner: MakCrmClient }> {
  const email = `ts-${randomUUID()}@profile.example`;
  const password = "Profile-Password-2026";
  const registered = await anonymousApi().registerOrganization({
    kind: "partner",
    companyName: name,
    legalForm: "ooo",
    inn: "7707083893",
    city: "Тверь",
    contactPhone: "+7 915 123-45-67",
    contactEmail: email,
    fullName: "Профилев Пётр",
    password,
  });
  await api.approveOrganization(registered.result.id);
  const session = new TokenClient(baseUrl);
  await session.signIn(email, password);
  return { id: registered.result.id, owner: new MakCrmClient(baseUrl, session) };
}

describe("organization profile", () => {
  it("lets the owner read and edit its company with If-Match, naming a wrong check digit's field", async () => {
    const { id, owner } = await approvedPartner(`ООО Профиль ${uniqueMarker()}`);
    const read = await owner.getOrganization(id);
    expect(read.result.kind).toBe("partner");

    const edited = await owner.updateOrganizationProfile(id, etagOf(read) as string, {
      legalName: "ООО «Профиль»",
      kpp: "773601001",
      ogrn: "1027700132195",
      bik: "044525225",
      correspondentAccount: "30101810400000000225",
      settlementAccount: "40702810400000000225",
      signatoryName: "Профилев Пётр",
      signatoryBasis: "Устава",
      taxRegime: "usn_income",
    });
    expect(edited.result.ogrn).toBe("1027700132195");
    expect(edited.result.taxRegime).toBe("usn_income");

    const wrong = await expectProblem(owner.updateOrganizationProfile(id, etagOf(edited) as string, { ogrn: "1027700132196" }), 400, "validation_failed");
    expect(wrong.errors).toHaveProperty("ogrn");
    await expectProblem(owner.updateOrganizationProfile(id, etagOf(read) as string, { city: "Тула" }), 412, "precondition_failed");
  });

  it("lets head office search, block, trash, restore and purge an organization", async () => {
    const marker = uniqueMarker();
    const { id } = await approvedPartner(`ООО ${marker}`);
    expect((await api.listOrganizations({ q: marker, inn: "7707083893", city: "тверь" })).result.items.map((o) => o.id)).toEqual([id]);

    expect((await api.blockOrganization(id)).result.status).toBe("blocked");
    expect((await api.unblockOrganization(id)).result.status).toBe("active");

    await api.deleteOrganization(id);
    expect((await api.listOrganizationTrash({ q: marker })).result.items.map((o) => o.id)).toEqual([id]);
    expect((await api.restoreOrganization(id)).result.deletedAt).toBeNull();
    await expectProblem(api.purgeOrganization(id), 409, "organization_not_in_trash");

    await api.deleteOrganization(id);
    expect((await api.purgeOrganization(id)).status).toBe(204);
    await expectProblem(api.getOrganization(id), 404, "not_found");
  });

  it("brands a cabinet's sign-in page by the host an organization claimed, once", async () => {
    const { id, owner } = await approvedPartner(`ООО Бренд ${uniqueMarker()}`);
    const other = await approvedPartner(`ООО Другой ${uniqueMarker()}`);
    const host = `${uniqueMarker()}.cabinet.example`;
    await owner.updateOrganizationProfile(id, "*", { logoUrl: "https://cdn.example/brand.svg" });

    const claimed = await owner.claimOrganizationHost(id, { host: host.toUpperCase() });
    expect(claimed.status).toBe(201);
    expect(claimed.result.host).toBe(host);
    await expectProblem(other.owner.claimOrganizationHost(other.id, { host }), 409, "host_taken");
    expect((await owner.listOrganizationHosts(id)).result.items.map((h) => h.host)).toEqual([host]);

    const branding = await anonymousApi().getBranding({ host });
    expect(branding.result.organizationId).toBe(id);
    expect(branding.result.logoUrl).toBe("https://cdn.example/brand.svg");

    await owner.releaseOrganizationHost(id, host);
    await expectProblem(anonymousApi().getBranding({ host }), 404, "not_found");
  });
});
