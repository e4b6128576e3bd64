import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { NotModified, type CreateCustomFieldDefinitionRequest } from "../src/index.js";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("custom fields", () => {
  it("defines a field, lists it by entity, archives it and deletes it", async () => {
    const key = `inn_${randomUUID().slice(0, 8)}`;
    const body: CreateCustomFieldDefinitionRequest = { entity: "client", key, label: "ИНН", type: "text" };
    const created = await api.createCustomFieldDefinition({ ...body, visibleToKinds: ["head_office"] }, randomUUID());
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({ key, type: "text", options: [], required: false, archived: false });

    const listed = (await api.listCustomFieldDefinitions({ entity: "client", archived: false })).result.items;
    expect(listed.map((f) => f.key)).toContain(key);
    const etag = created.headers["etag"] as string;
    const archived = await api.updateCustomFieldDefinition(created.result.id, etag, { archived: true });
    expect(archived.result.archived).toBe(true);
    await expectProblem(api.createCustomFieldDefinition({ ...body, type: "select" }), 400, "validation_failed");
    await expectProblem(api.createCustomFieldDefinition(body), 409, "custom_field_exists");

    expect((await api.deleteCustomFieldDefinition(created.result.id)).status).toBe(204);
    await expectProblem(api.getCustomFieldDefinition(created.result.id), 404, "not_found");
  });

  it("writes values on a lead, merges a patch key by key, filters the list and refuses an unknown key", async () => {
    const key = `purpose_${randomUUID().slice(0, 8)}`;
    await api.createCustomFieldDefinition(
      { entity: "lead", key, label: "Цель", type: "multiselect", options: ["home", "car", "other"] },
      randomUUID(),
    );
    const phone = `+7999${String(Date.now()).slice(-7)}`;
    const client = (await api.createClient({ fullName: "Полева Полина", phone, source: "partner" })).result;

    const lead = await api.createLead({
      clientId: client.id, requestedAmount: 800000, product: "consumer", customFields: { [key]: ["car", "home"] },
    });
    expect(lead.result.customFields).toEqual({ [key]: ["home", "car"] });
    const patched = await api.updateLead(lead.result.id, lead.headers["etag"] as string, {
      customFields: { [key]: ["other"] },
    });
    expect(patched.result.customFields).toEqual({ [key]: ["other"] });

    const found = (await api.listLeads({ cf: [`${key}:other`] })).result.items;
    expect(found.map((l) => l.id)).toEqual([lead.result.id]);
    expect((await api.listLeads({ cf: [`${key}:car`] })).result.items).toEqual([]);
    await expectProblem(
      api.updateLead(lead.result.id, patched.headers["etag"] as string, { customFields: { nope: 1 } }),
      400,
      "custom_field_unknown",
    );
  });

  it("sorts and bounds a list by a sortable field, page by page", async () => {
    const key = `score_${randomUUID().slice(0, 8)}`;
    const field = await api.createCustomFieldDefinition(
      { entity: "client", key, label: "Скоринг", type: "number", sortable: true },
      randomUUID(),
    );
    expect(field.result.sortable).toBe(true);
    const ids: string[] = [];
    for (const score of [70, 10, 40]) {
      const phone = `+7998${String(Date.now() + score).slice(-7)}`;
      const client = await api.createClient({
        fullName: "Оценкин", phone, source: "partner", customFields: { [key]: score },
      });
      ids.push(client.result.id);
    }
    const [seventy, ten, forty] = ids;

    const first = await api.listClients({ cfSort: `-${key}`, cf: [`${key}>=20`], limit: 1 });
    expect(first.result.items.map((c) => c.id)).toEqual([seventy]);
    const cursor = first.result.nextCursor!;
    const second = await api.listClients({ cfSort: `-${key}`, cf: [`${key}>=20`], limit: 1, cursor });
    expect(second.result.items.map((c) => c.id)).toEqual([forty]);
    const ascending = (await api.listClients({ cfSort: key, cf: [`${key}<50`] })).result.items.map((c) => c.id);
    expect(ascending).toEqual([ten, forty]);
    await expectProblem(api.listClients({ cfSort: key, sort: "createdAt" }), 400, "validation_failed");

    // Not sortable any more: the list refuses it, and the field's place among the five is free again.
    const etag = field.headers["etag"] as string;
    const unsorted = await api.updateCustomFieldDefinition(field.result.id, etag, { sortable: false });
    expect(unsorted.result.sortable).toBe(false);
    await expectProblem(api.listClients({ cfSort: key }), 400, "validation_failed");
    expect((await api.deleteCustomFieldDefinition(field.result.id)).status).toBe(204);
  });

  it("lists a field in the report builder's catalogue with its type, and a query groups and sums by it", async () => {
    const suffix = randomUUID().slice(0, 8);
    const [grade, score] = [`grade_${suffix}`, `score_${suffix}`];
    await api.createCustomFieldDefinition(
      { entity: "client", key: grade, label: "Класс", type: "select", options: ["a", "b"] },
      randomUUID(),
    );
    await api.createCustomFieldDefinition({ entity: "client", key: score, label: "Балл", type: "number" }, randomUUID());
    for (const [value, points] of [["a", 1.5], ["a", 2], ["b", 7]] as const) {
      const phone = `+7997${String(Date.now() + points * 10).slice(-7)}`;
      await api.createClient({
        fullName: "Баллов", phone, source: "partner", customFields: { [grade]: value, [score]: points },
      });
    }

    const listed = await api.listReportFields();
    if (listed.result === NotModified) throw new Error("a read without If-None-Match is never 304");
    const clients = listed.result.datasets.find((dataset) => dataset.key === "clients")!;
    expect(clients.fields.find((field) => field.key === `cf.${score}`)).toMatchObject({
      type: "number", label: "Балл", aggregatable: true,
    });
    const result = (await api.runReportQuery({
      dataset: "clients",
      dimensions: [{ field: `cf.${grade}` }],
      measures: [{ op: "sum", field: `cf.${score}`, as: "points" }],
      filter: { field: `cf.${grade}`, operator: "is_not_empty" },
    })).result;
    expect(result.columns.find((column) => column.key === "points")?.type).toBe("number");
    expect(result.rows.map((row) => [row[`cf.${grade}`], Number(row["points"])])).toEqual([["a", 3.5], ["b", 7]]);
    await expectProblem(
      api.runReportQuery({ dataset: "clients", measures: [{ op: "sum", field: `cf.${grade}` }] }),
      400,
      "report_query_invalid",
    );
  });
});
