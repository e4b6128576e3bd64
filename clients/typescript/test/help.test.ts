import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import ICAL from "ical.js";
import { createClient, expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("help", () => {
  it("opens a ticket, writes to it, resolves it and reads the messages", async () => {
    const opened = await api.createTicket({ subject: "Не загружается договор", category: "documents", text: "Ошибка при загрузке." }, randomUUID());
    expect(opened.status).toBe(201);
    expect(opened.result).toMatchObject({ status: "open", priority: "normal", messageCount: 1, firstResponseAt: null });

    const note = await api.createTicketMessage({ text: "Проверить хранилище", internal: true }, opened.result.id, randomUUID());
    expect(note.result.internal).toBe(true);
    const current = await api.getTicket(opened.result.id);
    const resolved = await api.updateTicket(opened.result.id, current.headers["etag"] as string, { status: "resolved" });
    expect(resolved.result.status).toBe("resolved");
    expect(resolved.result.resolutionSeconds).toBeGreaterThanOrEqual(0);

    const messages = (await api.listTicketMessages(opened.result.id)).result.items;
    expect(messages.map((m) => m.internal)).toEqual([false, true]);
    await expectProblem(api.getTicket(randomUUID()), 404, "not_found");
  });

  it("configures a chat link and refuses a link that is not https to a messenger", async () => {
    const link = await api.createHelpChatLink({ title: "Поддержка", url: "https://t.me/mak_help", audience: ["partner", "franchisee"] }, randomUUID());
    expect(link.result.channel).toBe("telegram");
    expect((await api.listHelpChatLinks()).result.items.map((l) => l.id)).toContain(link.result.id);
    await expectProblem(api.createHelpChatLink({ title: "Плохая", url: "javascript:alert(1)", audience: ["partner"] }), 400, "validation_failed");
  });

  it("serves a calendar feed that an independent parser (ical.js) reads", async () => {
    const { client } = await createClient(api);
    const title = "Позвонить; уточнить, сумму \\ срок — " + "д".repeat(60);
    const due = new Date(Date.now() + 86_400_000);
    due.setUTCMilliseconds(0);
    const task = (await api.createTask({ subjectType: "client", subjectId: client.id, title, description: "Строка 1\nСтрока 2", dueAt: due.toISOString() })).result;

    const feed = (await api.issueCalendarFeed()).result;
    const response = await fetch(feed.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/calendar");
    const text = await response.text();

    const calendar = new ICAL.Component(ICAL.parse(text));
    const event = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e)).find((e) => e.uid === `task-${task.id}@mak-crm`);
    expect(event).toBeDefined();
    expect(event!.summary).toBe(title);
    expect(event!.description).toBe("Строка 1\nСтрока 2");
    expect(event!.endDate.toJSDate().getTime()).toBe(due.getTime());

    await api.revokeCalendarFeed();
    expect((await fetch(feed.url)).status).toBe(404);
  });
});
