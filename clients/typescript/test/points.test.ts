import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { etagOf, type PointRule } from "../src/index.js";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("points", () => {
  it("replaces the rules under If-Match and reads points, entries and the leaderboard", async () => {
    const read = await api.getPointRules();
    expect(read.result.rules).toHaveLength(6);
    const etag = etagOf(read) as string;
    expect(etag).toBeTypeOf("string");

    const rules: PointRule[] = read.result.rules.map((r) => (r.kind === "loan_issued" ? { ...r, points: 40, dailyCap: 200 } : r));
    const replaced = await api.replacePointRules(etag, { rules });
    expect(replaced.result.rules).toContainEqual({ kind: "loan_issued", points: 40, dailyCap: 200 });
    await expectProblem(api.replacePointRules(etag, { rules }), 412, "precondition_failed");
    await expectProblem(
      api.replacePointRules(etagOf(replaced) as string, { rules: rules.map((r) => ({ ...r, points: -5 })) }),
      400,
      "validation_failed",
    );

    const mine = (await api.getMyPoints()).result;
    expect(mine.level.number).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(mine.badges)).toBe(true);
    expect((await api.listMyPointsEntries({ limit: 10 })).result.items).toBeInstanceOf(Array);
    const board = (await api.getPointsLeaderboard({ role: "partner", neighbours: 2 })).result;
    expect(board.role).toBe("partner");
    expect(board.top).not.toBeNull();
    await expectProblem(api.getPointsLeaderboard({ month: "2026-13" }), 400, "validation_failed");
    await expectProblem(api.getUserPoints(randomUUID()), 404, "not_found");
  });
});
