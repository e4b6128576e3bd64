import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { etagOf } from "../src/index.js";
import type { AutomationRun } from "../src/index.js";
import { createClient, expectProblem, newApi } from "./helpers.js";

const api = newApi();

/** The rule's runs once the worker has run it on the feed (it follows the feed off the request path). */
async function runsOf(ruleId: string, count: number): Promise<AutomationRun[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const runs = (await api.listAutomationRuns({ ruleId })).result.items;
    if (runs.length >= count) {
      return runs;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the rule ${ruleId} did not run ${count} time(s)`);
}

describe("automation rules", () => {
  it("makes a rule, runs it once on a matching lead's creation, disables it under If-Match and deletes it", async () => {
    const marker = `Автоматизация ${randomUUID()}`;
    const created = await api.createAutomationRule(
      {
        name: "Новый лид — задача позвонить",
        trigger: { type: "lead_created" },
        condition: { field: "clientName", operator: "starts_with", values: [marker] },
        actions: [{ type: "create_task", title: "Позвонить клиенту", dueInHours: 2, assignee: "round_robin" }],
      },
      randomUUID(),
    );
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({ network: true, enabled: true, trigger: { type: "lead_created" } });
    await expectProblem(
      api.createAutomationRule({ name: "Плохое", trigger: { type: "lead_created" }, actions: [{ type: "set_status" }] }),
      400,
      "automation_rule_invalid",
    );

    const { client } = await createClient(api, { fullName: `${marker} Иван` });
    const lead = (await api.createLead({ clientId: client.id, requestedAmount: 900_000, product: "mortgage" })).result;
    const [run] = await runsOf(created.result.id, 1);
    expect(run).toMatchObject({ subjectId: lead.id, eventType: "lead.created", outcome: "succeeded", actionsRun: 1 });
    const tasks = (await api.listTasks({ subjectType: "lead", subjectId: lead.id })).result.items;
    expect(tasks.map((t) => t.title)).toEqual(["Позвонить клиенту"]);

    const disabled = await api.updateAutomationRule(created.result.id, etagOf(created)!, { enabled: false });
    expect(disabled.result.enabled).toBe(false);
    await expectProblem(api.updateAutomationRule(created.result.id, etagOf(created)!, { name: "x" }), 412, "precondition_failed");
    expect((await api.deleteAutomationRule(created.result.id, etagOf(disabled))).status).toBe(204);
    await expectProblem(api.getAutomationRule(created.result.id), 404, "not_found");
  });

  it("runs a document rule on a scan uploaded to a lead, and keeps a quiet-lead rule's hours", async () => {
    const created = await api.createAutomationRule({
      name: "Скан получен",
      trigger: { type: "document_uploaded", documentKind: "scan" },
      actions: [{ type: "create_task", title: "Проверить скан", assignee: "round_robin" }],
    });
    expect(created.result.trigger).toMatchObject({ type: "document_uploaded", documentKind: "scan" });
    const { client } = await createClient(api);
    const lead = (await api.createLead({ clientId: client.id, requestedAmount: 700_000, product: "mortgage" })).result;
    const pdf = new TextEncoder().encode("%PDF-1.4\n%ts\n%%EOF\n");
    await api.uploadDocument(randomUUID(), { data: new Blob([pdf], { type: "application/pdf" }), fileName: "Паспорт.pdf" }, "scan", "lead", lead.id);
    const [run] = await runsOf(created.result.id, 1);
    expect(run).toMatchObject({ subjectId: lead.id, eventType: "document.uploaded", outcome: "succeeded" });
    expect((await api.deleteAutomationRule(created.result.id)).status).toBe(204);

    const quiet = await api.createAutomationRule({
      name: "Лид без движения сутки",
      enabled: false,
      trigger: { type: "lead_inactive", hours: 24 },
      actions: [{ type: "create_task", title: "Вернуться к лиду", assignee: "round_robin" }],
    });
    expect(quiet.result.trigger.hours).toBe(24);
    const tried = await api.dryRunAutomationRule(quiet.result.id, { subjectId: lead.id });
    expect(tried.result).toEqual({ outcome: "succeeded", actionsRun: 1, error: null });
    await expectProblem(api.dryRunAutomationRule(quiet.result.id, { subjectId: randomUUID() }), 404, "not_found");
    await expectProblem(
      api.createAutomationRule({ name: "Без часов", trigger: { type: "lead_inactive" }, actions: [{ type: "notify", message: "x" }] }),
      400,
      "automation_rule_invalid",
    );
    expect((await api.deleteAutomationRule(quiet.result.id)).status).toBe(204);
  });
});
