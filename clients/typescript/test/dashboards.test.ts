import { describe, expect, it } from "vitest";
import { createClient, createLead, expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("dashboards", () => {
  it("answers head office's dashboard with report queries the builder answers alike", async () => {
    const { client } = await createClient(api, {});
    await createLead(api, { clientId: client.id });

    const dashboard = (await api.getDashboard("head-office")).result;
    expect(dashboard.name).toBe("head-office");
    expect(dashboard.timeZone).toBe("Europe/Moscow");
    const funnel = dashboard.panels.find((p) => p.key === "funnel")!;
    expect(funnel.query.dataset).toBe("leads");
    const leads = Number(funnel.result.totals.leads);
    expect(leads).toBeGreaterThanOrEqual(1);
    const same = (await api.runReportQuery(funnel.query)).result;
    expect(Number(same.totals.leads)).toBe(leads);

    await expectProblem(api.getDashboard("partner"), 403, "dashboard_forbidden");
    await expectProblem(api.getDashboard("nobody"), 404, "not_found");
  });
});
