import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("personal-data incidents", () => {
  it("records a leak with its deadlines, records the notices under If-Match and lists the window's reads", async () => {
    const detectedAt = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const windowFrom = new Date(Date.now() - 48 * 3_600_000).toISOString();
    const created = await api.createPersonalDataIncident(
      {
        title: "Выгрузка ушла наружу",
        description: "Файл клиентов отправлен на чужой адрес.",
        detectedAt,
        windowFrom,
      },
      randomUUID(),
    );
    const incident = created.result;
    expect(incident.initialNotice.status).toBe("overdue");
    expect(incident.followUp.status).toBe("due");
    expect(Date.parse(incident.followUp.dueAt) - Date.parse(incident.detectedAt)).toBe(72 * 3_600_000);

    await expectProblem(
      api.updatePersonalDataIncident(incident.id, '"1"', { followUpSentAt: detectedAt }),
      400,
      "validation_failed",
    );
    const noticed = await api.updatePersonalDataIncident(incident.id, '"1"', {
      initialNoticeSentAt: new Date(Date.parse(incident.detectedAt) + 3_600_000).toISOString(),
    });
    expect(noticed.result.initialNotice.status).toBe("met");
    await expectProblem(
      api.updatePersonalDataIncident(incident.id, '"1"', { title: "Другое" }),
      412,
      "precondition_failed",
    );

    const open = (await api.listPersonalDataIncidents({ open: true, limit: 100 })).result.items;
    expect(open.map((i) => i.id)).toContain(incident.id);
    const reads = await api.listPersonalDataIncidentReads(incident.id, { limit: 10 });
    expect(Array.isArray(reads.result.items)).toBe(true);
    await expectProblem(api.getPersonalDataIncident(randomUUID()), 404, "not_found");
  });
});
