import { describe, expect, it } from "vitest";
import { expectProblem, newApi, randomPhoneDigits, spelledWith8, uniqueMarker } from "./helpers.js";

const api = newApi();

describe("lead platforms", () => {
  it("submits a batch answered per item and finds a lead by its externalRef", async () => {
    const externalRef = `ts-${uniqueMarker()}`;
    const answer = await api.submitLeadBatch(
      {
        items: [
          { fullName: `Платформов Пётр ${uniqueMarker()}`, phone: spelledWith8(randomPhoneDigits()), source: "external", externalRef },
          { fullName: "Без телефона", phone: "not a phone", source: "external" },
        ],
      },
      crypto.randomUUID(),
    );

    expect(answer.status).toBe(207);
    expect(answer.result.items.map((i) => i.outcome)).toEqual(["created", "problem"]);
    const lead = answer.result.items[0]!.submission!.lead;
    expect(lead.externalRef).toBe(externalRef);
    expect(lead.requestedAmount).toBeNull();
    expect(answer.result.items[1]!.problem!.code).toBe("validation_failed");

    const found = await api.listLeads({ externalRef });
    expect(found.result.items.map((l) => l.id)).toEqual([lead.id]);
  });

  it("answers a taken externalRef with 409 naming the existing lead", async () => {
    const externalRef = `ts-${uniqueMarker()}`;
    const first = await api.submitLead({ fullName: "Первый", phone: spelledWith8(randomPhoneDigits()), source: "external", externalRef });
    const problem = await expectProblem(
      api.submitLead({ fullName: "Второй", phone: spelledWith8(randomPhoneDigits()), source: "external", externalRef }),
      409,
      "external_ref_taken",
    );
    expect(problem.existingId).toBe(first.result.lead.id);
  });
});
