import { describe, expect, it } from "vitest";
import { etagOf, type Notification, type TaskItem } from "../src/index.js";
import { createClient, createLead, etagPattern, expectProblem, invalid, newApi } from "./helpers.js";

const api = newApi();
const unknownId = "0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11";

function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

async function createTask(subjectId: string, dueAt = inMinutes(60), remindAt: string | null = null): Promise<{ task: TaskItem; etag: string }> {
  const response = await api.createTask({ subjectType: "lead", subjectId, title: "Перезвонить клиенту", dueAt, remindAt });
  expect(response.status).toBe(201);
  const etag = etagOf(response);
  expect(etag).toMatch(etagPattern);
  return { task: response.result, etag: etag as string };
}

async function newLeadId(): Promise<string> {
  const { client } = await createClient(api);
  const { lead } = await createLead(api, { clientId: client.id });
  return lead.id;
}

describe("tasks", () => {
  it("creates, reads, lists, updates, completes and deletes a task", async () => {
    const leadId = await newLeadId();
    const { task, etag } = await createTask(leadId);
    expect(task).toMatchObject({ subjectType: "lead", subjectId: leadId, title: "Перезвонить клиенту", doneAt: null, reminderSentAt: null });

    const read = await api.getTask(task.id);
    expect(read.result).toEqual(task);
    const listed = await api.listTasks({ assignee: "me", subjectType: "lead", subjectId: leadId });
    expect(listed.result.items.map((t) => t.id)).toEqual([task.id]);

    const updated = await api.updateTask(task.id, etag, { title: "Отправить документы", description: "Паспорт и 2-НДФЛ" });
    expect(updated.result.title).toBe("Отправить документы");
    expect(etagOf(updated)).not.toBe(etag);

    const done = await api.completeTask(task.id);
    expect(done.result.doneAt).toBeTypeOf("string");
    expect((await api.completeTask(task.id)).result.doneAt).toBe(done.result.doneAt);
    expect((await api.listTasks({ assignee: "me", subjectType: "lead", subjectId: leadId, done: true })).result.items).toHaveLength(1);

    const deleted = await api.deleteTask(task.id, etagOf(done));
    expect(deleted.status).toBe(204);
    await expectProblem(api.getTask(task.id), 404, "not_found");
  });

  it("answers problems for deals, stale ETags and unknown tasks", async () => {
    const deal = await expectProblem(api.createTask({ subjectType: "deal", subjectId: unknownId, title: "Сделка", dueAt: inMinutes(60) }), 400, "validation_failed");
    expect(deal.errors?.["subjectId"]).toHaveLength(1);
    const late = await expectProblem(
      api.createTask({ subjectType: "lead", subjectId: await newLeadId(), title: "Т", dueAt: inMinutes(60), remindAt: inMinutes(61) }),
      400,
      "validation_failed",
    );
    expect(late.errors?.["remindAt"]).toHaveLength(1);

    const { task } = await createTask(await newLeadId());
    await api.updateTask(task.id, '"1"', { title: "Новое" });
    await expectProblem(api.updateTask(task.id, '"1"', { title: "Старое" }), 412, "precondition_failed");
    await expectProblem(api.updateTask(task.id, '"2"', { title: invalid<string>(null) }), 400, "validation_failed");
    await expectProblem(api.completeTask(unknownId), 404, "not_found");
    await expectProblem(api.listTasks({ assignee: "nobody" }), 400, "validation_failed");
  });
});

describe("notifications", () => {
  it("delivers a due reminder, counts it and marks it read", async () => {
    const { task } = await createTask(await newLeadId(), inMinutes(60), inMinutes(-1));

    let reminder: Notification | undefined;
    for (let attempt = 0; attempt < 60 && reminder === undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      reminder = (await api.listNotifications({ unread: true })).result.items.find((n) => n.subjectId === task.id);
    }

    expect(reminder, "the reminder worker should deliver within 15 s").toBeDefined();
    expect(reminder).toMatchObject({ kind: "task_reminder", subjectType: "task", readAt: null });
    expect((await api.countUnreadNotifications()).result.count).toBeGreaterThanOrEqual(1);
    expect((await api.getTask(task.id)).result.reminderSentAt).toBeTypeOf("string");

    const read = await api.markNotificationRead((reminder as Notification).id);
    expect(read.result.readAt).toBeTypeOf("string");
    expect((await api.markAllNotificationsRead()).status).toBe(204);
    expect((await api.countUnreadNotifications()).result.count).toBe(0);
    await expectProblem(api.markNotificationRead(unknownId), 404, "not_found");
  });
});
