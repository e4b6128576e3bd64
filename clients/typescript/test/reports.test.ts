// The report builder through the generated client: the catalogue, a query over leads made here (found by a marker in
// the client's name, since the server is shared by every test file), a saved report run again, and a refused query.
import { describe, expect, it } from "vitest";
import { NotModified, etagOf, type ReportQuery } from "../src/index.js";
import { createClient, createLead, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();

describe("reports", () => {
  it("groups leads by product with a sum, sorted by it, and a saved report gives the same totals", async () => {
    const marker = uniqueMarker();
    const { client } = await createClient(api, { fullName: `Отчётов ${marker}` });
    await createLead(api, { clientId: client.id, requestedAmount: 300_000, product: "auto" });
    await createLead(api, { clientId: client.id, requestedAmount: 1_200_000.5, product: "mortgage" });
    await createLead(api, { clientId: client.id, requestedAmount: 100_000, product: "auto" });

    let listed = await api.listReportFields();
    if (listed.result === NotModified) throw new Error("a read without If-None-Match is never 304");
    const catalogue = listed.result;
    const leads = catalogue.datasets.find((dataset) => dataset.key === "leads");
    expect(leads?.fields.find((field) => field.key === "product")?.values).toContain("mortgage");
    // The catalogue named by its ETag is still the caller's: an answer, not an error, with nothing to read again.
    // A custom field defined by another file in between changes the catalogue (a 200): then it is read again.
    let unchanged = await api.listReportFields(etagOf(listed));
    for (let retry = 0; retry < 3 && unchanged.status === 200; retry++) {
      listed = unchanged;
      unchanged = await api.listReportFields(etagOf(listed));
    }
    expect(unchanged.status).toBe(304);
    expect(unchanged.result).toBe(NotModified);
    expect(etagOf(unchanged)).toBe(etagOf(listed));

    const query: ReportQuery = {
      dataset: "leads",
      dimensions: [{ field: "product" }, { field: "createdAt", timeBucket: "month" }],
      measures: [
        { op: "count", as: "leads" },
        { op: "sum", field: "requestedAmount", as: "amount" },
        { op: "conversion", as: "big", numerator: { field: "requestedAmount", operator: "gte", values: ["1000000"] } },
      ],
      filter: { field: "clientName", operator: "contains", values: [marker] },
      sort: [{ by: "amount", direction: "desc" }],
    };
    const result = (await api.runReportQuery(query)).result;
    expect(result.columns.map((column) => column.key)).toEqual(["product", "createdAt.month", "leads", "amount", "big"]);
    expect(result.rows.map((row) => [row.product, row.leads, row.amount])).toEqual([
      ["mortgage", 1, 1_200_000.5],
      ["auto", 2, 400_000],
    ]);
    expect(result.totals).toMatchObject({ leads: 3, amount: 1_600_000.5 });
    expect(result.totals.big).toBeCloseTo(0.3333, 4);
    expect(result.truncated).toBe(false);

    const saved = (await api.createSavedReport({ name: `Отчёт ${marker}`, query, sharedWithRoles: ["employee"] }, crypto.randomUUID())).result;
    expect(saved.query.measures).toHaveLength(3);
    const again = (await api.runSavedReport(saved.id)).result;
    expect(again.totals).toEqual(result.totals);
    await api.deleteSavedReport(saved.id);
  });

  it("records a read of each client whose name a report's rows showed, and none for a count by product", async () => {
    const marker = uniqueMarker();
    const { client } = await createClient(api, { fullName: `Читаемый ${marker}` });
    await createLead(api, { clientId: client.id, requestedAmount: 250_000, product: "auto" });
    const filter = { field: "clientName", operator: "contains" as const, values: [marker] };
    const measures = [{ op: "count" as const, as: "leads" }];

    await api.runReportQuery({ dataset: "leads", dimensions: [{ field: "product" }], measures, filter });
    const none = await api.listPersonalDataReads({ subjectId: client.id, access: "report" });
    expect(none.result.items).toHaveLength(0);

    const byName = (await api.runReportQuery({ dataset: "leads", dimensions: [{ field: "clientName" }], measures, filter })).result;
    expect(byName.rows.map((row) => row.clientName)).toEqual([client.fullName]);
    const reads = await api.listPersonalDataReads({ subjectId: client.id, access: "report" });
    expect(reads.result.items.map((read) => [read.subjectType, read.access])).toEqual([["client", "report"]]);

    const listed = await api.listReportFields();
    if (listed.result === NotModified) throw new Error("a read without If-None-Match is never 304");
    const leads = listed.result.datasets.find((dataset) => dataset.key === "leads");
    expect(leads?.fields.find((field) => field.key === "clientPhone")?.personal).toBe(true);
    expect(leads?.fields.find((field) => field.key === "product")?.personal).toBe(false);
  });

  it("refuses a sum of a text field with a 400 naming the measure", async () => {
    const problem = await expectProblem(
      api.runReportQuery({ dataset: "leads", measures: [{ op: "sum", field: "clientCity" }] }),
      400,
      "report_query_invalid",
    );
    expect(problem.errors).toHaveProperty(["measures[0].field"]);
  });
});
