import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { etagOf, type Lead, type LeadSort, type LoanProduct, type UpdateLeadRequest } from "../src/index.js";
import {
  addMinutes,
  admin,
  allPages,
  baseUrl,
  createClient,
  createLead,
  etagPattern,
  expectProblem,
  invalid,
  newApi,
  randomPhoneDigits,
  spelledWith8,
  spelledWithPlus7,
  sql,
  uniqueMarker,
} from "./helpers.js";

const api = newApi();
const unknownId = "0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11";

/** A lead's responsible manager must be an active user the caller may give leads to: the admin is one. */
function adminUserId(): string {
  return sql(`SELECT id FROM users WHERE normalized_email = upper('${admin.email}')`);
}

/** listLeads with named filters instead of the generated positional parameters. */
interface LeadFilter {
  q?: string | undefined;
  clientId?: string | undefined;
  status?: string[] | undefined;
  product?: LoanProduct | undefined;
  responsibleUserId?: string | undefined;
  amountMin?: number | undefined;
  amountMax?: number | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  sort?: LeadSort | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

function listLeads(f: LeadFilter) {
  return api.listLeads({ q: f.q, clientId: f.clientId, status: f.status, product: f.product, responsibleUserId: f.responsibleUserId, amountMin: f.amountMin, amountMax: f.amountMax, createdFrom: f.createdFrom, createdTo: f.createdTo, sort: f.sort, cursor: f.cursor, limit: f.limit });
}

async function leadIds(f: LeadFilter): Promise<string[]> {
  const response = await listLeads(f);
  expect(response.status).toBe(200);
  return response.result.items.map((lead) => lead.id);
}

describe("createLead / getLead", () => {
  it("creates a lead in status new by default", async () => {
    const { client } = await createClient(api);
    const response = await api.createLead({
      clientId: client.id,
      requestedAmount: 2_500_000,
      product: "mortgage",
      comment: "Вторичное жильё, первый взнос 20%",
    });

    expect(response.status).toBe(201);
    const lead = response.result;
    expect(lead).toMatchObject({
      clientId: client.id,
      requestedAmount: 2_500_000,
      product: "mortgage",
      comment: "Вторичное жильё, первый взнос 20%",
      status: "new",
      responsibleUserId: null,
    });
    expect(lead.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(etagOf(response)).toMatch(etagPattern);
    expect(new URL(String(response.headers["location"]), baseUrl).pathname).toBe(`/api/v1/leads/${lead.id}`);
  });

  it("keeps the given status, responsible manager and kopecks exactly", async () => {
    const { client } = await createClient(api);
    const manager = adminUserId();
    const { lead } = await createLead(api, {
      clientId: client.id,
      requestedAmount: 1_234_567.89,
      product: "refinancing",
      status: "from_partner",
      responsibleUserId: manager,
    });
    expect(lead).toMatchObject({
      requestedAmount: 1_234_567.89,
      product: "refinancing",
      status: "from_partner",
      responsibleUserId: manager,
      comment: null,
    });

    const { lead: smallest } = await createLead(api, { clientId: client.id, requestedAmount: 0.01 });
    expect(smallest.requestedAmount).toBe(0.01);
    const { lead: largest } = await createLead(api, { clientId: client.id, requestedAmount: 1_000_000_000 });
    expect(largest.requestedAmount).toBe(1_000_000_000);
  });

  it("gets the lead with the ETag the create returned", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id, comment: "get" });
    const response = await api.getLead(lead.id);
    expect(response.status).toBe(200);
    expect(response.result).toEqual(lead);
    expect(etagOf(response)).toBe(etag);
  });

  it("answers 404 not_found for an unknown id", async () => {
    await expectProblem(api.getLead(unknownId), 404, "not_found");
  });
});

describe("createLead validation", () => {
  it("rejects bad amounts, unknown clients and long comments with 400 validation_failed naming the field", async () => {
    const { client } = await createClient(api);
    const cases: { body: Record<string, unknown>; field: string }[] = [
      { body: { requestedAmount: 0 }, field: "requestedAmount" },
      { body: { requestedAmount: -5 }, field: "requestedAmount" },
      { body: { requestedAmount: 1_000_000_000.01 }, field: "requestedAmount" },
      { body: { requestedAmount: 10.123 }, field: "requestedAmount" },
      { body: { clientId: unknownId }, field: "clientId" },
      { body: { comment: "x".repeat(2001) }, field: "comment" },
    ];
    for (const { body, field } of cases) {
      const problem = await expectProblem(
        api.createLead({ clientId: client.id, requestedAmount: 100_000, product: "auto", ...body }),
        400,
        "validation_failed",
      );
      expect(Object.keys(problem.errors ?? {}), JSON.stringify(body)).toContain(field);
    }
  });

  it("rejects missing required fields, unknown enum values and unknown fields", async () => {
    const { client } = await createClient(api);
    const missing = await expectProblem(
      api.createLead(invalid({ clientId: client.id, product: "auto" })),
      400,
      "validation_failed",
    );
    expect(Object.keys(missing.errors ?? {})).toContain("requestedAmount");
    await expectProblem(api.createLead({ clientId: client.id, requestedAmount: 1, product: invalid("yacht") }), 400, [
      "validation_failed",
      "malformed_json",
    ]);
    await expectProblem(
      api.createLead({ clientId: client.id, requestedAmount: 1, product: "auto", status: invalid("lost") }),
      400,
      ["validation_failed", "malformed_json"],
    );
    await expectProblem(
      api.createLead(invalid({ clientId: client.id, requestedAmount: 1, product: "auto", comentary: "typo" })),
      400,
      ["validation_failed", "malformed_json"],
    );
  });
});

describe("listLeads", () => {
  it("filters by client, status, product, responsible manager, amount and text", async () => {
    const marker = uniqueMarker();
    const digits = randomPhoneDigits();
    const { client } = await createClient(api, { fullName: `Лидов ${marker}`, phone: spelledWith8(digits) });
    const { client: other } = await createClient(api, { fullName: `Другой ${marker}` });
    const manager = adminUserId();
    const l1 = (await createLead(api, { clientId: client.id, requestedAmount: 100_000, product: "consumer" })).lead;
    const l2 = (
      await createLead(api, {
        clientId: client.id,
        requestedAmount: 500_000,
        product: "mortgage",
        status: "in_progress",
        responsibleUserId: manager,
      })
    ).lead;
    const l3 = (
      await createLead(api, {
        clientId: client.id,
        requestedAmount: 2_500_000,
        product: "mortgage",
        status: "approved",
        comment: `Комментарий ${marker}-lead`,
      })
    ).lead;
    const l4 = (
      await createLead(api, { clientId: client.id, requestedAmount: 750_000.5, product: "auto", status: "rejected" })
    ).lead;
    const o1 = (
      await createLead(api, {
        clientId: other.id,
        requestedAmount: 500_000,
        product: "mortgage",
        status: "in_progress",
      })
    ).lead;

    const sorted = (ids: string[]) => [...ids].sort();
    const all = [l1.id, l2.id, l3.id, l4.id];
    const c = client.id;

    // Newest first by default.
    expect(await leadIds({ clientId: c })).toEqual([...all].reverse());
    expect(sorted(await leadIds({ clientId: other.id }))).toEqual([o1.id]);
    expect(sorted(await leadIds({ clientId: c, status: ["new"] }))).toEqual([l1.id]);
    expect(sorted(await leadIds({ clientId: c, status: ["in_progress", "approved"] }))).toEqual(sorted([l2.id, l3.id]));
    expect(await leadIds({ clientId: c, status: ["issued"] })).toEqual([]);
    expect(sorted(await leadIds({ clientId: c, product: "mortgage" }))).toEqual(sorted([l2.id, l3.id]));
    expect(await leadIds({ clientId: c, responsibleUserId: manager })).toEqual([l2.id]);
    // Amount bounds are inclusive.
    expect(sorted(await leadIds({ clientId: c, amountMin: 500_000 }))).toEqual(sorted([l2.id, l3.id, l4.id]));
    expect(sorted(await leadIds({ clientId: c, amountMax: 500_000 }))).toEqual(sorted([l1.id, l2.id]));
    expect(sorted(await leadIds({ clientId: c, amountMin: 500_000, amountMax: 750_000.5 }))).toEqual(
      sorted([l2.id, l4.id]),
    );
    expect(await leadIds({ clientId: c, amountMin: 750_000.51, amountMax: 2_499_999.99 })).toEqual([]);
    // Combined filters.
    expect(await leadIds({ q: marker, status: ["in_progress"], product: "mortgage", amountMin: 400_000 })).toEqual([
      o1.id,
      l2.id,
    ]);
    // Sorting.
    expect(await leadIds({ clientId: c, sort: "requestedAmount" })).toEqual([l1.id, l2.id, l4.id, l3.id]);
    expect(await leadIds({ clientId: c, sort: "-requestedAmount" })).toEqual([l3.id, l4.id, l2.id, l1.id]);
    expect(await leadIds({ clientId: c, sort: "createdAt" })).toEqual(all);
    // Creation time.
    expect(
      await leadIds({ clientId: c, createdFrom: addMinutes(l1.createdAt, -5), createdTo: addMinutes(l4.createdAt, 5) }),
    ).toEqual([...all].reverse());
    expect(await leadIds({ clientId: c, createdFrom: addMinutes(l4.createdAt, 5) })).toEqual([]);
    expect(await leadIds({ clientId: c, createdTo: addMinutes(l1.createdAt, -5) })).toEqual([]);
    expect(await leadIds({ clientId: c, createdFrom: l4.createdAt })).toEqual([l4.id]);
    expect(await leadIds({ clientId: c, createdTo: l2.createdAt })).toEqual([l1.id]);
  });

  it("searches the client's phone in any spelling, name and e-mail, and the lead's comment", async () => {
    const marker = uniqueMarker();
    const digits = randomPhoneDigits();
    const { client } = await createClient(api, {
      fullName: `Искомый ${marker}`,
      phone: spelledWith8(digits),
      email: `${marker}.mail@leads.example`,
    });
    const { lead: a } = await createLead(api, { clientId: client.id, comment: "ипотека на вторичку" });
    const { lead: b } = await createLead(api, { clientId: client.id, comment: `Перезвонить ${marker}-note` });
    const both = [a.id, b.id].sort();

    expect((await leadIds({ q: spelledWithPlus7(digits) })).sort()).toEqual(both);
    expect((await leadIds({ q: digits })).sort()).toEqual(both);
    expect(
      (await leadIds({ q: `8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}`, clientId: client.id })).sort(),
    ).toEqual(both);
    expect((await leadIds({ q: marker.toUpperCase() })).sort()).toEqual(both);
    expect((await leadIds({ q: `${marker}.MAIL@` })).sort()).toEqual(both);
    expect(await leadIds({ q: `${marker}-NOTE` })).toEqual([b.id]);
    expect(await leadIds({ q: "вторичку", clientId: client.id })).toEqual([a.id]);
  });

  it("returns an empty last page when nothing matches", async () => {
    const response = await listLeads({ q: spelledWith8(randomPhoneDigits()) });
    expect(response.status).toBe(200);
    expect(response.result.items).toEqual([]);
    expect(response.result.nextCursor).toBeNull();
  });

  it("pages through results with the cursor, also when the sort key has ties", async () => {
    const { client } = await createClient(api);
    const created: Lead[] = [];
    for (const amount of [300, 100, 300, 200, 300]) {
      created.push((await createLead(api, { clientId: client.id, requestedAmount: amount })).lead);
    }
    const expectedIds = created.map((lead) => lead.id).sort();

    for (const sort of [undefined, "requestedAmount", "-requestedAmount", "updatedAt"] as const) {
      const pages = await allPages((cursor) => listLeads({ clientId: client.id, sort, cursor, limit: 2 }));
      expect(
        pages.map((page) => page.length),
        `sort ${sort}`,
      ).toEqual([2, 2, 1]);
      const seen = pages.flat();
      expect(seen.map((lead) => lead.id).sort(), `sort ${sort}`).toEqual(expectedIds);
      if (sort === "requestedAmount") {
        expect(seen.map((lead) => lead.requestedAmount)).toEqual([100, 200, 300, 300, 300]);
      }
      if (sort === "-requestedAmount") {
        expect(seen.map((lead) => lead.requestedAmount)).toEqual([300, 300, 300, 200, 100]);
      }
    }
  });

  it("counts every lead the filters match when asked with withTotal, and only then", async () => {
    const { client } = await createClient(api);
    for (const amount of [100, 200, 300]) {
      await createLead(api, { clientId: client.id, requestedAmount: amount });
    }

    const counted = await api.listLeads({ clientId: client.id, limit: 1, withTotal: true });
    expect(counted.result.items).toHaveLength(1);
    expect(counted.result.total).toEqual({ count: 3, exact: true });
    const filtered = await api.listLeads({ clientId: client.id, amountMin: 200, withTotal: true });
    expect(filtered.result.total?.count).toBe(2);
    expect((await api.listLeads({ clientId: client.id, limit: 1 })).result.total).toBeNull();
  });

  it("rejects invalid parameters", async () => {
    await expectProblem(listLeads({ limit: 0 }), 400, "validation_failed");
    await expectProblem(listLeads({ limit: 201 }), 400, "validation_failed");
    // @ts-expect-error a sort the list does not offer does not compile, and the server refuses it from plain JavaScript
    await expectProblem(listLeads({ sort: "fullName" }), 400, "validation_failed");
    await expectProblem(listLeads({ status: ["lost"] }), 400, "validation_failed");
    await expectProblem(listLeads({ cursor: "garbage" }), 400, "invalid_cursor");
  });
});

describe("updateLead", () => {
  it("applies a merge patch with the current ETag and returns a new ETag", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, {
      clientId: client.id,
      requestedAmount: 2_500_000,
      product: "mortgage",
      comment: "первичка",
    });

    const response = await api.updateLead(lead.id, etag, { status: "in_progress", requestedAmount: 2_750_000 });
    expect(response.status).toBe(200);
    expect(response.result).toMatchObject({
      id: lead.id,
      clientId: client.id,
      status: "in_progress",
      requestedAmount: 2_750_000,
      product: "mortgage",
      comment: "первичка",
      createdAt: lead.createdAt,
    });
    expect(Date.parse(response.result.updatedAt)).toBeGreaterThanOrEqual(Date.parse(lead.updatedAt));
    const newEtag = etagOf(response);
    expect(newEtag).toMatch(etagPattern);
    expect(newEtag).not.toBe(etag);

    const read = await api.getLead(lead.id);
    expect(read.result).toEqual(response.result);
    expect(etagOf(read)).toBe(newEtag);
  });

  it("sets and clears the responsible manager and the comment", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id, comment: "позвонить" });
    const manager = adminUserId();

    const assigned = await api.updateLead(lead.id, etag, {
      responsibleUserId: manager,
      comment: null,
      product: "business",
    });
    expect(assigned.result).toMatchObject({ responsibleUserId: manager, comment: null, product: "business" });

    const withComment = await api.updateLead(lead.id, etagOf(assigned) as string, { comment: "снова" });
    expect(withComment.result).toMatchObject({ responsibleUserId: manager, comment: "снова" });

    const cleared = await api.updateLead(lead.id, etagOf(withComment) as string, {
      responsibleUserId: null,
      comment: "",
    });
    expect(cleared.result).toMatchObject({ responsibleUserId: null, comment: null, product: "business" });
  });

  it("answers 412 precondition_failed for a stale ETag and 428 precondition_required without one", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id });
    const first = await api.updateLead(lead.id, etag, { status: "auction" });

    await expectProblem(api.updateLead(lead.id, etag, { status: "not_sold" }), 412, "precondition_failed");
    await expectProblem(
      api.updateLead(lead.id, undefined as unknown as string, { status: "not_sold" }),
      428,
      "precondition_required",
    );

    const read = await api.getLead(lead.id);
    expect(read.result.status).toBe("auction");
    expect(etagOf(read)).toBe(etagOf(first));
  });

  it("rejects null for fields that cannot be cleared, and bad values", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id });
    const cases: { patch: UpdateLeadRequest; field: string }[] = [
      { patch: invalid({ requestedAmount: null }), field: "requestedAmount" },
      { patch: invalid({ product: null }), field: "product" },
      { patch: invalid({ status: null }), field: "status" },
      { patch: { requestedAmount: 0 }, field: "requestedAmount" },
      { patch: { requestedAmount: 5.555 }, field: "requestedAmount" },
      { patch: { comment: "x".repeat(2001) }, field: "comment" },
    ];
    for (const { patch, field } of cases) {
      const problem = await expectProblem(api.updateLead(lead.id, etag, patch), 400, "validation_failed");
      expect(Object.keys(problem.errors ?? {}), JSON.stringify(patch)).toContain(field);
    }
    await expectProblem(api.updateLead(lead.id, etag, { status: invalid("lost") }), 400, [
      "validation_failed",
      "malformed_json",
    ]);
    await expectProblem(api.updateLead(lead.id, etag, invalid({ clientId: randomUUID() })), 400, [
      "validation_failed",
      "malformed_json",
    ]);

    const read = await api.getLead(lead.id);
    expect(read.result).toEqual(lead);
    expect(etagOf(read)).toBe(etag);
  });

  it("answers 404 not_found for an unknown id", async () => {
    await expectProblem(api.updateLead(unknownId, "*", { status: "issued" }), 404, "not_found");
  });
});

describe("deleteLead", () => {
  it("deletes a lead; it disappears from reads and lists", async () => {
    const { client } = await createClient(api);
    const { lead: kept } = await createLead(api, { clientId: client.id });
    const { lead } = await createLead(api, { clientId: client.id });

    const response = await api.deleteLead(lead.id);
    expect(response.status).toBe(204);

    await expectProblem(api.getLead(lead.id), 404, "not_found");
    expect(await leadIds({ clientId: client.id })).toEqual([kept.id]);
    await expectProblem(api.deleteLead(lead.id), 404, "not_found");
    await expectProblem(api.updateLead(lead.id, "*", { status: "issued" }), 404, "not_found");
  });

  it("honours If-Match: 412 precondition_failed when stale, 204 when current", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id });
    const updated = await api.updateLead(lead.id, etag, { status: "in_progress" });

    await expectProblem(api.deleteLead(lead.id, etag), 412, "precondition_failed");
    expect((await api.getLead(lead.id)).status).toBe(200);

    expect((await api.deleteLead(lead.id, etagOf(updated))).status).toBe(204);
    await expectProblem(api.getLead(lead.id), 404, "not_found");
  });
});

describe("deleting a client with leads", () => {
  it("answers 409 client_has_leads until the leads are deleted", async () => {
    const { client } = await createClient(api);
    const { lead: a } = await createLead(api, { clientId: client.id });
    const { lead: b } = await createLead(api, { clientId: client.id });

    await expectProblem(api.deleteClient(client.id), 409, "client_has_leads");
    expect((await api.getClient(client.id)).status).toBe(200);
    expect((await api.getLead(a.id)).status).toBe(200);

    await api.deleteLead(a.id);
    await expectProblem(api.deleteClient(client.id), 409, "client_has_leads");
    await api.deleteLead(b.id);

    expect((await api.deleteClient(client.id)).status).toBe(204);
    await expectProblem(api.getClient(client.id), 404, "not_found");
    const problem = await expectProblem(
      api.createLead({ clientId: client.id, requestedAmount: 1, product: "auto" }),
      400,
      "validation_failed",
    );
    expect(Object.keys(problem.errors ?? {})).toContain("clientId");
  });
});

describe("problems", () => {
  it("carry code and traceId, and traceId differs per request", async () => {
    const first = await expectProblem(api.getLead(unknownId), 404, "not_found");
    const second = await expectProblem(api.getClient(unknownId), 404, "not_found");
    expect(first.traceId).not.toBe(second.traceId);
  });
});
