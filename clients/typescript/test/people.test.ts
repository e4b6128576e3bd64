import { describe, expect, it } from "vitest";
import { createClient, createLead, expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("people in responses and the assignee picker", () => {
  it("lists whom a task may be given to, and the task names its assignee and creator", async () => {
    const picked = await api.listAssignees({ kind: "task" });
    expect(picked.status).toBe(200);
    // The bootstrap admin the tests sign in as is named "Administrator".
    const me = picked.result.items.find((a) => a.role === "admin" && a.displayName === "Administrator");
    expect(me).toBeDefined();

    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id, responsibleUserId: me!.id });
    expect(lead.responsibleUser).toEqual({ id: me!.id, displayName: "Administrator" });

    const task = await api.createTask({ subjectType: "lead", subjectId: lead.id, title: "Позвонить", dueAt: new Date(Date.now() + 3_600_000).toISOString(), assigneeUserId: me!.id });
    expect(task.result.assigneeUser).toEqual({ id: me!.id, displayName: "Administrator" });
    expect(task.result.createdByUser).toEqual({ id: me!.id, displayName: "Administrator" });
    const listed = await api.listTasks({ assignee: "me", subjectType: "lead", subjectId: lead.id });
    expect(listed.result.items[0]!.assigneeUser.displayName).toBe("Administrator");
  });

  it("refuses a picker without the kind of record", async () => {
    await expectProblem(api.listAssignees(), 400, "validation_failed");
  });
});
