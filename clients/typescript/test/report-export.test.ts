// Report exports through the generated client: a query over tasks made here (found by a marker in their titles, since
// the server is shared by every test file) as CSV with the columns' Russian labels, the same as XLSX, and a saved
// report's export.
import { describe, expect, it } from "vitest";
import type { ReportQuery } from "../src/index.js";
import { createClient, createLead, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();

describe("report exports", () => {
  it("exports a report query as CSV and XLSX and a saved report as CSV", async () => {
    const marker = uniqueMarker();
    const { client } = await createClient(api, { fullName: `Выгрузкин ${marker}` });
    const { lead } = await createLead(api, { clientId: client.id });
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    for (const title of [`Позвонить ${marker}`, `Позвонить ${marker}`, `Отправить ${marker}`]) {
      await api.createTask({ subjectType: "lead", subjectId: lead.id, title, dueAt });
    }

    const query: ReportQuery = {
      dataset: "tasks",
      dimensions: [{ field: "title" }],
      measures: [{ op: "count", as: "tasks" }],
      filter: { field: "title", operator: "contains", values: [marker] },
      sort: [{ by: "tasks", direction: "desc" }],
    };
    const csv = await api.exportReportQuery(query, { format: "csv" });
    expect(csv.result.fileName).toMatch(/\.csv$/);
    const lines = new TextDecoder().decode(await csv.result.data.arrayBuffer()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toContain("Название");
    expect(lines.slice(1)).toEqual([`Позвонить ${marker},2`, `Отправить ${marker},1`]);

    const xlsx = await api.exportReportQuery(query, { format: "xlsx" });
    expect(xlsx.result.fileName).toMatch(/\.xlsx$/);
    expect([...new Uint8Array(await xlsx.result.data.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);

    const saved = (await api.createSavedReport({ name: `Задачи ${marker}`, query }, crypto.randomUUID())).result;
    const again = await api.exportSavedReport(saved.id);
    const savedLines = new TextDecoder().decode(await again.result.data.arrayBuffer()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(savedLines.slice(1)).toEqual(lines.slice(1));
    await api.deleteSavedReport(saved.id);
  });

  it("refuses a query over an unknown field before sending a byte", async () => {
    const problem = await expectProblem(
      api.exportReportQuery({ dataset: "tasks", dimensions: [{ field: "nothing" }], measures: [{ op: "count" }] }),
      400,
      "report_query_invalid",
    );
    expect(problem.errors).toHaveProperty(["dimensions[0].field"]);
  });
});
