import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient, expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("retention and destruction", () => {
  it("changes a rule under If-Match, holds a client out of what is due and lists the runs", async () => {
    const rules = (await api.listRetentionRules()).result.items;
    const rule = rules.find((r) => r.kind === "lead_without_deal")!;
    const changed = await api.updateRetentionRule("lead_without_deal", `"${rule.version}"`, { days: rule.days + 1 });
    expect(changed.result.days).toBe(rule.days + 1);
    await expectProblem(
      api.updateRetentionRule("lead_without_deal", `"${rule.version}"`, { days: 3651 }),
      400,
      "validation_failed",
    );

    const clientId = (await createClient(api)).client.id;
    const hold = await api.createLegalHold({ clientId, reason: "Запрос суда" }, randomUUID());
    expect(hold.result.clientId).toBe(clientId);
    await expectProblem(api.createLegalHold({ clientId, reason: "Ещё раз" }, randomUUID()), 409, "legal_hold_exists");
    const due = (await api.listDueDestructions({ limit: 100 })).result.items;
    expect(due.map((d) => d.subjectId)).not.toContain(clientId);
    await api.deleteLegalHold(hold.result.id);
    expect(Array.isArray((await api.listDestructionRuns({ limit: 10 })).result.items)).toBe(true);
    await expectProblem(api.getDestructionRun(randomUUID()), 404, "not_found");
  });
});
