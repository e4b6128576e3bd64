import { describe, expect, it } from "vitest";
import { etagOf } from "../src/index.js";
import { anonymousApi, createClient, expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("audit log", () => {
  it("lists who created and changed a client, with the values before and after", async () => {
    const { client, etag } = await createClient(api);
    const patched = await api.updateClient(client.id, etag, { city: "Тула" });
    expect(etagOf(patched)).toBe('"2"');

    const page = await api.listAuditEvents({ kind: "data", entityType: "client", entityId: client.id, sort: "occurredAt" });

    expect(page.status).toBe(200);
    expect(page.result.items.map((e) => e.action)).toEqual(["client.created", "client.updated"]);
    const update = page.result.items[1]!;
    expect(update.actorUserId).toBeTruthy();
    expect(update.changes).toMatchObject({ city: { before: null, after: "Тула" } });
  });

  it("refuses callers without a token", async () => {
    await expectProblem(anonymousApi().listAuditEvents(), 401, "unauthorized");
  });
});

describe("reads of personal data", () => {
  it("lists who opened a client's card", async () => {
    const { client } = await createClient(api);
    const card = await api.getClient(client.id);
    expect(card.status).toBe(200);

    const page = await api.listPersonalDataReads({ subjectId: client.id, sort: "-occurredAt" });

    expect(page.status).toBe(200);
    expect(page.result.items.map((r) => [r.subjectType, r.access])).toEqual([["client", "card"]]);
    expect(page.result.items[0]!.actorUserId).toBeTruthy();
  });

  it("refuses callers without a token", async () => {
    await expectProblem(anonymousApi().listPersonalDataReads(), 401, "unauthorized");
  });
});
