import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient } from "../src/index.js";
import { baseUrl, createClient, createLead, expectProblem, newApi, partner } from "./helpers.js";

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

  it("prints a dashboard as a PDF to save", async () => {
    const pdf = await api.exportDashboardPdf("head-office", { from: "2026-01-01", to: "2026-01-31" });
    expect(pdf.result.fileName).toBe("dashboard-head-office-20260101-20260131.pdf");
    expect(new TextDecoder().decode((await pdf.result.data.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    await expectProblem(api.exportDashboardPdf("partner"), 403, "dashboard_forbidden");
  });

  it("shows a partner its commission income and what its referrals earned it", async () => {
    const session = new TokenClient(baseUrl);
    await session.signIn(partner.email, partner.password);
    const own = new MakCrmClient(baseUrl, session);
    const organizationId = (await own.getMe()).result.organization.id;

    const dashboard = (await own.getDashboard("partner")).result;
    const income = dashboard.panels.find((p) => p.key === "income")!;
    expect(income).toBeDefined();
    expect(dashboard.panels.some((p) => p.key === "accruedThisMonth")).toBe(true);
    await expectProblem(own.getDashboard("head-office"), 403, "dashboard_forbidden");

    const program = (await own.getReferralProgram(organizationId)).result;
    for (const money of [program.earned.onHold, program.earned.available, program.earned.paid]) expect(typeof money).toBe("number");
  });
});
