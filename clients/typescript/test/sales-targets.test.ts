import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { etagOf } from "../src/index.js";
import { createClient, expectProblem, newApi, sql } from "./helpers.js";

const api = newApi();

/** A month no other test uses: files run in parallel on one database. */
function uniqueMonth(): string {
  const year = 2040 + Math.floor(Math.random() * 60);
  return `${year}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, "0")}`;
}

describe("sales targets", () => {
  it("sets a month's target, answers the deals won in it, changes it under If-Match and deletes it", async () => {
    const organizationId = (await api.getMe()).result.organization.id;
    const month = uniqueMonth();
    const { client } = await createClient(api);
    const pipeline = (await api.listPipelines()).result.items[0]!;
    const won = pipeline.stages.find((s) => s.kind === "won")!;
    const deal = (await api.createDeal({ clientId: client.id, title: "Ипотека", amount: 600_000, product: "mortgage" })).result;
    await api.moveDeal(deal.id, { stageId: won.id });
    sql(`UPDATE deals SET closed_at = '${month}-15T09:00:00Z' WHERE id = '${deal.id}'`);

    const created = await api.createSalesTarget({ organizationId, month, amount: 1_200_000, deals: 3 }, randomUUID());
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({ organizationId, userId: null, month, amount: 1_200_000, deals: 3 });
    expect(created.result.attainment).toEqual({ wonDeals: 1, wonAmount: 600_000, amountShare: 0.5, dealsShare: 0.3333 });
    await expectProblem(api.createSalesTarget({ organizationId, month, amount: 1 }), 409, "sales_target_exists");
    await expectProblem(api.createSalesTarget({ organizationId, month: "2026-13", amount: 1 }), 400, "validation_failed");

    const changed = await api.updateSalesTarget(created.result.id, etagOf(created)!, { amount: 400_000 });
    expect(changed.result.attainment.amountShare).toBe(1.5);
    await expectProblem(api.updateSalesTarget(created.result.id, etagOf(created)!, { amount: 1 }), 412, "precondition_failed");

    const listed = (await api.listSalesTargets({ organizationId, monthFrom: month, monthTo: month })).result.items;
    expect(listed.map((t) => t.id)).toEqual([created.result.id]);
    const [year, number] = month.split("-").map(Number) as [number, number];
    const from = new Date(Date.UTC(year, number - 1, 1) - 3 * 3_600_000).toISOString();
    const to = new Date(Date.UTC(year, number, 1) - 3 * 3_600_000).toISOString();
    const forecast = (await api.getForecast({ organizationId, from, to })).result;
    expect(forecast.targets.map((t) => [t.id, t.attainment.wonAmount])).toEqual([[created.result.id, 600_000]]);

    expect((await api.deleteSalesTarget(created.result.id, etagOf(changed))).status).toBe(204);
    await expectProblem(api.getSalesTarget(created.result.id), 404, "not_found");
  });
});

describe("the forecast by close month", () => {
  it("projects open deals into the month of their expected close date, weighted by their own probability first", async () => {
    const month = uniqueMonth();
    const pipeline = (await api.createPipeline({ name: `Закрытия ${randomUUID()}`, stages: ["Первый", "Второй"] })).result;
    const [first, second] = pipeline.stages;
    await api.updatePipelineStage(pipeline.id, first!.id, { winProbability: 20 }, `"${first!.version}"`);
    const { client } = await createClient(api);
    const deal = (amount: number, stageId: string, expectedCloseDate: string | null, probability: number | null) =>
      api.createDeal({ clientId: client.id, title: "Сделка", amount, product: "mortgage", stageId, expectedCloseDate, probability });
    await deal(1_000_000, first!.id, `${month}-10`, null); // the stage's 20 %: 200 000
    await deal(2_000_000, second!.id, `${month}-28`, 90); // its own 90 %: 1 800 000
    await deal(5_000_000, first!.id, null, null); // no close date: not projected

    const [year, number] = month.split("-").map(Number) as [number, number];
    const from = new Date(Date.UTC(year, number - 1, 1) - 3 * 3_600_000).toISOString();
    const to = new Date(Date.UTC(year, number, 1) - 3 * 3_600_000).toISOString();
    const forecast = (await api.getForecast({ pipelineId: pipeline.id, from, to })).result;
    expect(forecast.closeMonths).toEqual([{ month, openDeals: 2, openAmount: 3_000_000, expectedAmount: 2_000_000 }]);
    expect(forecast.closeExpectedAmount).toBe(2_000_000);
    expect(forecast.targets).toEqual([]);
  });
});
