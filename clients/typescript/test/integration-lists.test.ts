import { describe, expect, it } from "vitest";
import { etagOf } from "../src/index.js";
import { createClient, createLead, newApi, randomPhoneDigits, spelledWith8, spelledWithPlus7 } from "./helpers.js";

const api = newApi();

describe("listLeads: catching up by updatedFrom, sorted by updatedAt", () => {
  it("returns a lead changed after the last run, with its version and its client", async () => {
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });
    const since = new Date(Date.parse(lead.updatedAt) + 1).toISOString();

    const changed = await api.updateLead(lead.id, `"${lead.version}"`, { comment: "Перезвонить" });
    expect(changed.status).toBe(200);

    const page = await api.listLeads({ clientId: client.id, sort: "updatedAt", limit: 50, updatedFrom: since });
    expect(page.status).toBe(200);
    expect(page.result.items.map((l) => l.id)).toEqual([lead.id]);
    const row = page.result.items[0]!;
    expect(`"${row.version}"`).toBe(etagOf(await api.getLead(lead.id)));
    expect(row.client).toEqual({ id: client.id, name: client.fullName, phone: client.phone });
  });
});

describe("checkDuplicates", () => {
  it("names the caller's open lead with the phone, and nothing for an unknown one", async () => {
    const digits = randomPhoneDigits();
    const { client } = await createClient(api, { phone: spelledWith8(digits) });
    const { lead } = await createLead(api, { clientId: client.id });

    const found = await api.checkDuplicates({ phone: spelledWithPlus7(digits) });
    expect(found.status).toBe(200);
    expect(found.result.exists).toBe(true);
    expect(found.result.elsewhere).toBe(false);
    expect(found.result.leads.map((l) => l.id)).toEqual([lead.id]);
    expect(found.result.leads[0]!.matchedBy).toEqual(["phone"]);

    const none = await api.checkDuplicates({ phone: spelledWith8(randomPhoneDigits()) });
    expect(none.result).toEqual({ exists: false, leads: [], elsewhere: false });
  });
});
