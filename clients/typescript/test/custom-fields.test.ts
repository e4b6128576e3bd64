import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { CreateCustomFieldDefinitionRequest } from "../src/index.js";
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
});
