import { describe, expect, it } from "vitest";
import { isEventOf, type Event } from "../src/index.js";
import { createClient, createLead, expectProblem, newApi } from "./helpers.js";

const api = newApi();

/** The feed's events about one resource, once the expected number of them has been numbered. */
async function eventsAbout(resourceId: string, count: number): Promise<Event[]> {
  for (let waited = 0; ; waited += 50) {
    const about: Event[] = [];
    for await (const event of api.paginate((cursor) => api.listEvents({ after: cursor ?? "0", limit: 200 }))) {
      if (event.resourceId === resourceId) about.push(event);
    }
    if (about.length >= count || waited > 10_000) {
      expect(about).toHaveLength(count);
      return about;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("listEvents: the event feed", () => {
  it("carries the lead as the API answered it, typed by the event's type", async () => {
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });
    const moved = await api.updateLead(lead.id, `"${lead.version}"`, { status: "in_progress" });
    expect(moved.status).toBe(200);

    const events = await eventsAbout(lead.id, 3);

    expect(events.map((e) => e.type)).toEqual(["lead.created", "lead.updated", "lead.status_changed"]);
    const changed = events[2]!;
    if (!isEventOf(changed, "lead.status_changed", "lead.updated")) throw new Error("not a lead event");
    expect(changed.data.status).toBe("in_progress");
    expect(changed.data).toEqual(JSON.parse(JSON.stringify(moved.result)));
    expect(isEventOf(changed, "lead.deleted")).toBe(false);
  });

  it("refuses a cursor that is not a number", async () => {
    const problem = await expectProblem(api.listEvents({ after: "abc" }), 400, "validation_failed");
    expect(problem.errors?.["after"]).toBeDefined();
  });
});
