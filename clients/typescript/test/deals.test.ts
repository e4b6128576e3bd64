import { describe, expect, it } from "vitest";
import { etagOf } from "../src/index.js";
import { createClient, createLead, expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("pipelines and deals", () => {
  it("configures a pipeline, creates a deal and moves it with its stage history", async () => {
    const pipeline = (await api.createPipeline({ name: "Рефинансирование", stages: ["Заявка", "Банк"] })).result;
    expect(pipeline.stages.map((s) => s.kind)).toEqual(["working", "working", "won", "lost"]);
    const stage = await api.addPipelineStage(pipeline.id, {
      name: "Одобрено",
      triggers: [{ kind: "set_lead_status", leadStatus: "in_progress" }],
    });
    expect(stage.status).toBe(201);
    expect(stage.result.triggers).toEqual([{ kind: "set_lead_status", title: null, dueInHours: null, recipient: null, userId: null, user: null, leadStatus: "in_progress" }]);
    const [trigger] = stage.result.triggers;
    // A trigger narrows on its kind: `leadStatus` is a string for `set_lead_status` (a type error before the check).
    const status: string | undefined = trigger?.kind === "set_lead_status" ? trigger.leadStatus : undefined;
    expect(status).toBe("in_progress");

    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });
    const created = await api.createDeal({ clientId: client.id, leadId: lead.id, title: "Рефинансирование", amount: 1_500_000, product: "refinancing", pipelineId: pipeline.id });
    expect(created.status).toBe(201);
    expect(created.result.stageId).toBe(pipeline.stages[0].id);

    const moved = await api.moveDeal(created.result.id, { stageId: stage.result.id });
    expect(moved.result.stageId).toBe(stage.result.id);
    expect((await api.getLead(lead.id)).result.status).toBe("in_progress");
    const won = pipeline.stages.find((s) => s.kind === "won")!;
    expect((await api.moveDeal(created.result.id, { stageId: won.id })).result.closedAt).toBeTypeOf("string");
    const history = (await api.getDealStageHistory(created.result.id)).result.items;
    expect(history.map((h) => h.toStageId)).toEqual([pipeline.stages[0].id, stage.result.id, won.id]);

    const read = await api.getDeal(created.result.id);
    const updated = await api.updateDeal(created.result.id, etagOf(read) as string, { bank: "Газпромбанк" });
    expect(updated.result.bank).toBe("Газпромбанк");
    expect((await api.listDeals({ pipelineId: pipeline.id })).result.items.map((d) => d.id)).toEqual([created.result.id]);
  });

  it("answers problems for system stages, bad stage orders and stale ETags", async () => {
    const pipeline = (await api.listPipelines()).result.items[0];
    const lost = pipeline.stages.find((s) => s.kind === "lost")!;
    await expectProblem(api.deletePipelineStage(pipeline.id, lost.id), 409, "system_stage_protected");
    const invalid = await expectProblem(api.reorderPipelineStages(pipeline.id, { stageIds: [lost.id] }), 400, "validation_failed");
    expect(invalid.errors?.["stageIds"]).toHaveLength(1);

    const { client } = await createClient(api);
    const deal = (await api.createDeal({ clientId: client.id, title: "Ипотека", amount: 2_000_000, product: "mortgage" })).result;
    await expectProblem(api.updateDeal(deal.id, '"9"', { title: "Другое" }), 412, "precondition_failed");
  });
});
