import { describe, expect, it } from "vitest";
import { createClient, createLead, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();

/** This month in Moscow time (UTC+3 all year), as the forecast's `from` and `to`. */
function thisMonth(): { from: string; to: string } {
  const moscow = new Date(Date.now() + 3 * 3_600_000);
  const start = Date.UTC(moscow.getUTCFullYear(), moscow.getUTCMonth(), 1) - 3 * 3_600_000;
  const end = Date.UTC(moscow.getUTCFullYear(), moscow.getUTCMonth() + 1, 1) - 3 * 3_600_000;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

describe("forecast and the deal and lead list filters", () => {
  it("weighs open deals by their stage's win probability and counts win rates", async () => {
    const pipeline = (await api.createPipeline({ name: `Прогноз ${uniqueMarker()}`, stages: ["Первый", "Второй"] })).result;
    const [first, second, won, lost] = pipeline.stages;
    expect(pipeline.stages.map((s) => s.winProbability)).toEqual([null, null, 100, 0]);
    const set = await api.updatePipelineStage(pipeline.id, first.id, { winProbability: 25 }, `"${first.version}"`);
    expect(set.result.winProbability).toBe(25);

    const { client } = await createClient(api, { source: "cold_base" });
    const deal = async (amount: number, stageId: string) =>
      (await api.createDeal({ clientId: client.id, title: "Прогнозная сделка", amount, product: "mortgage", stageId })).result;
    await deal(1_000_000, first.id); // 25 %: 250 000
    await deal(2_000_000, second.id); // unset, the 2nd of 2 working stages: 67 %: 1 340 000
    await api.moveDeal((await deal(500_000, first.id)).id, { stageId: won.id });
    await api.moveDeal((await deal(300_000, first.id)).id, { stageId: lost.id });

    const forecast = (await api.getForecast({ pipelineId: pipeline.id, ...thisMonth() })).result;
    expect(forecast.timeZone).toBe("Europe/Moscow");
    expect(forecast.months).toHaveLength(1);
    expect(forecast.months[0]).toMatchObject({ openDeals: 2, openAmount: 3_000_000, expectedAmount: 1_590_000 });
    expect(forecast.expectedAmount).toBe(1_590_000);
    expect(forecast.winRatesByPipeline).toEqual([{ pipelineId: pipeline.id, won: 1, lost: 1, winRate: 50 }]);
    expect(forecast.winRatesBySource).toEqual([{ source: "cold_base", won: 1, lost: 1, winRate: 50 }]);

    const closed = (await api.listDeals({ pipelineId: pipeline.id, state: "closed" })).result.items;
    expect(closed.map((d) => d.amount).sort((a, b) => a - b)).toEqual([300_000, 500_000]);
    const large = (await api.listDeals({ pipelineId: pipeline.id, state: "open", amountMin: 1_500_000 })).result.items;
    expect(large.map((d) => d.amount)).toEqual([2_000_000]);
    expect((await api.listDeals({ pipelineId: pipeline.id, q: client.fullName.toUpperCase() })).result.items).toHaveLength(4);
  });

  it("filters leads by the client's source and city", async () => {
    const city = `Город ${uniqueMarker()}`;
    const { client } = await createClient(api, { source: "external", city });
    const { lead } = await createLead(api, { clientId: client.id });
    const listed = (await api.listLeads({ source: ["external"], city: city.toUpperCase() })).result.items;
    expect(listed.map((l) => l.id)).toEqual([lead.id]);
  });

  it("answers 400 naming the parameter for a missing period or a bad state", async () => {
    const missing = await expectProblem(api.getForecast({ to: thisMonth().to }), 400, "validation_failed");
    expect(missing.errors?.["from"]).toHaveLength(1);
    await expectProblem(api.getForecast({ pipelineId: "0192f0c1-0000-7000-8000-00000000ffff", ...thisMonth() }), 404, "not_found");
  });
});
