import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { LeadChange, TimelineItem, TimelineTask } from "../src/index.js";
import { createClient, createLead, expectProblem, newApi, uniqueMarker } from "./helpers.js";

const api = newApi();
const unknownId = "0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11";

/** A status code no other test uses: the server is shared by the whole run, so tests leave the seeded statuses alone. */
function uniqueCode(prefix: string): string {
  return `${prefix}_${uniqueMarker().toLowerCase().replace(/[^a-z0-9]/g, "")}`.slice(0, 32);
}

describe("lead statuses", () => {
  it("lists the seeded funnel in order", async () => {
    const response = await api.listLeadStatuses();

    expect(response.status).toBe(200);
    const codes = response.result.items.map((s) => s.code);
    expect(codes).toEqual(expect.arrayContaining(["new", "in_progress", "approved", "issued", "rejected"]));
    expect(response.result.items.map((s) => s.order)).toEqual(codes.map((_, i) => i + 1));
    expect(response.result.items.find((s) => s.code === "new")?.transitions).toEqual(["in_progress", "auction", "rejected"]);
  });

  it("lets the admin add, change and delete a status, and leads follow its transitions", async () => {
    const code = uniqueCode("review");
    const created = await api.createLeadStatus({ code, name: "На проверке", color: "#5e35b1", kind: "open", transitions: ["approved"], initial: true });
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({ code, color: "#5E35B1", kind: "open", transitions: ["approved"], initial: true, allowedRoles: [], version: 1 });

    const changed = await api.updateLeadStatus(code, { name: "На проверке у банка", transitions: ["approved", "rejected"] }, `"${created.result.version}"`);
    expect(changed.result).toMatchObject({ name: "На проверке у банка", transitions: ["approved", "rejected"], version: 2 });

    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id, status: code });
    const refused = await expectProblem(api.updateLead(lead.id, etag, { status: "issued" }), 409, "lead_status_transition_not_allowed");
    expect(refused).toMatchObject({ currentStatus: code, requestedStatus: "issued", allowedStatuses: ["approved", "rejected"] });
    expect((await api.updateLead(lead.id, etag, { status: "approved" })).result.status).toBe("approved");

    await expectProblem(api.createLeadStatus({ code, name: "Дубль", color: "#000000", kind: "lost" }), 409, "lead_status_code_taken");
    await expectProblem(api.createLeadStatus({ code: uniqueCode("bad"), name: "x", color: "#000000", kind: "lost", transitions: ["nowhere"] }), 400, "validation_failed");

    const spare = await api.createLeadStatus({ code: uniqueCode("spare"), name: "Запасной", color: "#000000", kind: "lost" });
    expect((await api.deleteLeadStatus(spare.result.code)).status).toBe(204);
    await expectProblem(api.deleteLeadStatus(spare.result.code), 404, "not_found");
  });
});

describe("lead comments and timeline", () => {
  it("mixes comments and history newest first, paged by cursor", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id });
    const comment = await api.addLeadComment(lead.id, { text: "Клиент просил перезвонить" });
    expect(comment.status).toBe(201);
    expect(comment.result.author.userId).toBeTypeOf("string");
    await api.updateLead(lead.id, etag, { status: "in_progress" });

    const comments = await api.listLeadComments(lead.id);
    expect(comments.result.items.map((c) => c.text)).toEqual(["Клиент просил перезвонить"]);

    const first = await api.getLeadTimeline(lead.id, { limit: 2 });
    expect(first.result.items.map((i) => i.kind)).toEqual(["history", "comment"]);
    expect(first.result.items[0]?.change).toEqual({ field: "status", from: "new", to: "in_progress" });
    expect(first.result.items[1]?.text).toBe("Клиент просил перезвонить");
    const rest = await api.getLeadTimeline(lead.id, { cursor: first.result.nextCursor ?? undefined });
    expect(rest.result.items.every((i) => i.kind === "history" && i.change?.from === null)).toBe(true);
    expect(rest.result.nextCursor).toBeNull();

    await expectProblem(api.addLeadComment(lead.id, { text: " " }), 400, "validation_failed");
    await expectProblem(api.getLeadTimeline(unknownId), 404, "not_found");
    await expectProblem(api.listLeadComments(lead.id, { cursor: "not-a-cursor" }), 400, "invalid_cursor");
  });

  it("shows the lead's tasks with their due and done times", async () => {
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const task = await api.createTask({ subjectType: "lead", subjectId: lead.id, title: "Запросить выписку", dueAt, remindAt: null });
    await api.completeTask(task.result.id);

    const timeline = await api.getLeadTimeline(lead.id);
    const item = timeline.result.items.find((i) => i.kind === "task");
    expect(item?.id).toBe(task.result.id);
    expect(item?.text).toBe("Запросить выписку");
    expect(item?.task?.assigneeUserId).toBe(task.result.assigneeUserId);
    expect(item?.task?.doneAt).toBeTypeOf("string");
    expect(item?.change).toBeNull();
    expect(item?.notification).toBeNull();
  });

  it("narrows a timeline item on its kind: the payload of the kind is not nullable", async () => {
    const { client } = await createClient(api);
    const { lead, etag } = await createLead(api, { clientId: client.id });
    await api.addLeadComment(lead.id, { text: "Перезвонить" });
    await api.updateLead(lead.id, etag, { status: "in_progress" });
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    await api.createTask({ subjectType: "lead", subjectId: lead.id, title: "Выписка", dueAt, remindAt: null });

    const items = (await api.getLeadTimeline(lead.id)).result.items;
    // A date is the ISO 8601 string the server wrote (typed IsoDateTime).
    expect(items[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    // Type-checked under `strict` (npm run typecheck): before narrowing the payloads may be null ...
    // @ts-expect-error a TimelineItem's change is LeadChange | null until its kind is known
    const unnarrowed: LeadChange = items[0]!.change;
    expect(unnarrowed).not.toBeUndefined();
    // ... and a switch on `kind` narrows each to its kind's type, every kind handled (`never` after the last).
    const describe = (item: TimelineItem): string => {
      switch (item.kind) {
        case "history": {
          const change: LeadChange = item.change;
          return `${change.field}: ${change.to}`;
        }
        case "comment":
          return item.text;
        case "task": {
          const task: TimelineTask = item.task;
          return `${item.text} (${task.dueAt.slice(0, 10)})`;
        }
        case "notification":
          return `${item.notification.kind}: ${item.text}`;
        case "ledger":
          return `${item.ledgerEntry.kind} ${item.ledgerEntry.amount}`;
        case "deal":
          return `${item.text} → ${item.deal.stageId}`;
        case "document":
          return `${item.text} (${item.document.kind})`;
        default: {
          const unknownKind: never = item;
          return String(unknownKind);
        }
      }
    };
    // Newest first: the task, the status change, the comment, then the values the lead was created with.
    expect(items.map(describe).slice(0, 3)).toEqual([`Выписка (${dueAt.slice(0, 10)})`, "status: in_progress", "Перезвонить"]);
    expect(items.map(describe)).toContain("status: new");
  });

  it("shows a client's whole history in one timeline: its leads, deals, tasks and documents", async () => {
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });
    await api.addLeadComment(lead.id, { text: "Клиент принёс справку" });
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const task = await api.createTask({ subjectType: "client", subjectId: client.id, title: "Позвонить", dueAt, remindAt: null });
    const deal = await api.createDeal({ clientId: client.id, leadId: lead.id, title: "Ипотека", amount: 2_500_000, product: "mortgage" });
    const file = { data: new Blob(["%PDF-1.4\n%%EOF\n"]), fileName: "Паспорт.pdf" };
    const document = await api.uploadDocument(randomUUID(), file, "scan", "client", client.id);

    const items = (await api.getClientTimeline(client.id)).result.items;
    const kinds = new Set(items.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(["comment", "deal", "document", "history", "task"]);
    const dealItem = items.find((i) => i.kind === "deal");
    expect(dealItem).toMatchObject({ dealId: deal.result.id, leadId: lead.id, text: "Ипотека" });
    expect(dealItem?.deal?.fromStageId).toBeNull();
    expect(items.find((i) => i.kind === "document")).toMatchObject({ id: document.result.id, text: "Паспорт.pdf", leadId: null });
    expect(items.find((i) => i.kind === "task")?.id).toBe(task.result.id);
    expect(items.filter((i) => i.kind === "history").every((i) => i.leadId === lead.id)).toBe(true);

    await expectProblem(api.getClientTimeline(unknownId), 404, "not_found");
    await expectProblem(api.getClientTimeline(client.id, { cursor: "not-a-cursor" }), 400, "invalid_cursor");
  });
});
