import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { etagOf } from "../src/index.js";
import { anonymousApi, baseUrl, expectProblem, newApi } from "./helpers.js";

const api = newApi();
const accountId = 29_000_001;

/** A long-lived token as amoCRM makes them: a JWT naming the account and its expiry. */
function longLivedToken(expiresInDays: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + expiresInDays * 86_400;
  return `${part({ typ: "JWT", alg: "RS256" })}.${part({ account_id: accountId, exp })}.${part({ s: randomUUID() })}`;
}

// The calls the API makes, answered as amoCRM does: the account (to check a token), one pipeline, one user, a phone
// field of contacts, two contacts (one with a phone typed as people type it) and two leads; no companies (204), and
// nothing changed since an import's start (204).
const token = longLivedToken(10);
const page = (name: string, items: object[]) => ({ _page: 1, _links: { self: { href: "x" } }, _embedded: { [name]: items } });
const amoCrmAnswers: Record<string, object | null> = {
  "/api/v4/account": { id: accountId, name: "МаК", subdomain: "makhq" },
  "/api/v4/leads/pipelines": {
    _embedded: {
      pipelines: [
        {
          id: 7001,
          name: "Воронка",
          is_main: true,
          _embedded: { statuses: [{ id: 70011, name: "Первичный контакт", type: 0 }, { id: 142, name: "Успешно", type: 0 }] },
        },
      ],
    },
  },
  "/api/v4/users": page("users", [{ id: 501, name: "Анна", email: "anna@example.ru" }]),
  "/api/v4/leads/custom_fields": null,
  "/api/v4/contacts/custom_fields": page("custom_fields", [
    { id: 810, name: "Телефон", type: "multitext", code: "PHONE", enums: [{ id: 1, value: "MOB" }] },
  ]),
  "/api/v4/contacts": page("contacts", [
    { id: 31, name: "Иван", custom_fields_values: [{ field_id: 810, values: [{ value: "8 (916) 555-01-02", enum_code: "MOB" }] }] },
    { id: 32, name: "Без телефона", custom_fields_values: null },
  ]),
  "/api/v4/companies": null,
  "/api/v4/leads": page("leads", [
    { id: 21, pipeline_id: 7001, status_id: 70011, responsible_user_id: 501, _embedded: { contacts: [{ id: 31, is_main: true }] } },
    { id: 22, pipeline_id: 7001, status_id: 142, responsible_user_id: 501, _embedded: { contacts: [{ id: 32, is_main: true }] } },
  ]),
};
// The first status to MaK's `new` and the contacts' phone field; the won status and the user stay unmapped.
const mapping = {
  statuses: [{ amoPipelineId: 7001, amoStatusId: 70011, leadStatus: "new", stageId: null }],
  users: [],
  fields: [{ amoFieldId: 810, entity: "contacts" as const, target: "phone" as const, customFieldId: null }],
};
let amocrm: Server;
let amocrmUrl: string;
const webhookDestinations: string[] = [];

beforeAll(async () => {
  amocrm = createServer((request, response) => {
    const authorized = request.headers.authorization === `Bearer ${token}`;
    const url = new URL(request.url ?? "/", "http://amocrm");
    // Nothing changed in this account since an import started: its catch-up reads an empty page.
    // The sync registers its webhook: the address amoCRM would deliver to is kept for the test.
    if (authorized && request.method === "POST" && url.pathname === "/api/v4/webhooks") {
      let text = "";
      request.on("data", (chunk) => (text += chunk));
      request.on("end", () => {
        const registered = JSON.parse(text) as { destination: string; settings: string[] };
        webhookDestinations.push(registered.destination);
        response.writeHead(200, { "content-type": "application/hal+json" });
        response.end(JSON.stringify({ id: 1, ...registered, disabled: false, created_at: 1_700_000_000 }));
      });
      return;
    }
    const changedSince = url.searchParams.has("filter[updated_at][from]");
    const answer = changedSince ? null : amoCrmAnswers[url.pathname];
    const body = authorized && request.method === "GET" ? answer : undefined;
    if (body === null) {
      response.writeHead(204); // amoCRM's empty page
      response.end();
      return;
    }
    if (body !== undefined) {
      response.writeHead(200, { "content-type": "application/hal+json" });
      response.end(JSON.stringify(body));
      return;
    }
    response.writeHead(401, { "content-type": "application/problem+json" });
    response.end(JSON.stringify({ title: "Unauthorized", status: 401 }));
  });
  await new Promise<void>((resolve) => amocrm.listen(0, "127.0.0.1", resolve));
  amocrmUrl = `http://127.0.0.1:${(amocrm.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => amocrm.close(resolve));
});

describe("amoCRM connection", () => {
  it("connects with a long-lived token, warns of its expiry, refuses a wrong one and disconnects", async () => {
    await expectProblem(api.connectAmoCrm({ baseUrl: amocrmUrl, token: longLivedToken(10) }, randomUUID()), 422, "amocrm_token_refused");
    await expectProblem(api.getAmoCrmConnection(), 404, "not_found");

    const connected = await api.connectAmoCrm({ baseUrl: amocrmUrl, token }, randomUUID());
    expect(connected.status).toBe(201);
    expect(connected.result).toMatchObject({ accountId, state: "active", authKind: "long_lived", tokenExpiresSoon: true, lastError: null });
    expect(JSON.stringify(connected.result)).not.toContain(token);
    expect((await api.getAmoCrmConnection()).result.id).toBe(connected.result.id);

    await api.disconnectAmoCrm();
    await expectProblem(api.getAmoCrmConnection(), 404, "not_found");
  });

  it("starts OAuth with a one-time state and refuses a state it did not issue", async () => {
    const started = await api.startAmoCrmOAuth(
      { baseUrl: amocrmUrl, clientId: "mak-integration", clientSecret: "secret", redirectUri: "https://mak.example/amocrm/callback" },
      randomUUID(),
    );
    expect(started.status).toBe(201);
    const url = new URL(started.result.authorizeUrl);
    expect(url.origin).toBe(amocrmUrl);
    expect(url.pathname).toBe("/oauth");
    expect(url.searchParams.get("state")).toBe(started.result.state);
    expect(url.searchParams.get("client_id")).toBe("mak-integration");
    await expectProblem(api.completeAmoCrmOAuth({ state: "forged", code: "c" }, randomUUID()), 400, "amocrm_oauth_state_invalid");
    // amoCRM refuses the code: the state is spent and nothing is connected
    await expectProblem(api.completeAmoCrmOAuth({ state: started.result.state, code: "c" }, randomUUID()), 422, "amocrm_token_refused");
    await expectProblem(api.completeAmoCrmOAuth({ state: started.result.state, code: "c" }, randomUUID()), 400, "amocrm_oauth_state_invalid");
    await expectProblem(api.getAmoCrmConnection(), 404, "not_found");
  });

  it("maps the account under If-Match and reports what an import would do", async () => {
    await api.connectAmoCrm({ baseUrl: amocrmUrl, token }, randomUUID());
    try {
      const read = await api.getAmoCrmMapping();
      expect(etagOf(read)).toBe('"0"');
      expect(read.result.amoCrm.pipelines[0].statuses.map((s) => s.id)).toEqual([70011, 142]);
      expect(read.result.unmapped).toEqual({
        statuses: [{ amoPipelineId: 7001, amoStatusId: 70011 }, { amoPipelineId: 7001, amoStatusId: 142 }],
        users: [501],
        fields: [{ entity: "contacts", amoFieldId: 810 }],
      });

      await expectProblem(api.replaceAmoCrmMapping(mapping, '"7"'), 412, "precondition_failed");
      const saved = await api.replaceAmoCrmMapping(mapping, etagOf(read)!);
      expect(etagOf(saved)).toBe('"1"');
      expect(saved.result.unmapped.statuses).toEqual([{ amoPipelineId: 7001, amoStatusId: 142 }]);

      const preview = (await api.previewAmoCrmImport()).result;
      expect(preview).toMatchObject({
        mappingVersion: 1,
        contacts: { create: 1, link: 0, skip: 1 },
        companies: { create: 0, link: 0, skip: 0 },
        leads: { create: 1, link: 0, skip: 1 },
        leadsWithoutUser: 1,
      });
      expect(preview.skipped).toEqual([
        { entity: "contacts", id: 32, reason: "no_phone" },
        { entity: "leads", id: 22, reason: "status_unmapped" },
      ]);
    } finally {
      await api.disconnectAmoCrm();
    }
  });

  it("imports the account, follows its progress and lists what MaK refused", async () => {
    await api.connectAmoCrm({ baseUrl: amocrmUrl, token }, randomUUID());
    try {
      const read = await api.getAmoCrmMapping();
      await api.replaceAmoCrmMapping(mapping, etagOf(read)!);

      const started = await api.startAmoCrmImport(randomUUID());
      expect(started.status).toBe(202);
      expect(started.result.status).toBe("queued");
      expect(started.result.checkpoints.map((c) => c.entity)).toEqual([
        "users", "pipelines", "custom_fields", "contacts", "companies", "leads",
      ]);
      // The API's import worker takes it within its poll interval.
      let current = started.result;
      for (let i = 0; i < 120 && !["succeeded", "failed", "stopped"].includes(current.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        current = (await api.getAmoCrmImport(started.result.id)).result;
      }
      expect(current.status).toBe("succeeded");
      const leads = current.checkpoints.find((c) => c.entity === "leads")!;
      expect(leads).toMatchObject({ done: true, read: 2, skipped: 1 });
      expect(leads.created + leads.linked + leads.deadLettered).toBe(1);
      const letters = await api.listAmoCrmDeadLetters(started.result.id, { resolved: true });
      expect(letters.result).toEqual({ items: [], nextCursor: null });
      await expectProblem(api.retryAmoCrmDeadLetter(randomUUID(), randomUUID()), 404, "not_found");
    } finally {
      await api.disconnectAmoCrm();
    }
  });

  it("starts the sync, takes amoCRM's webhook, pauses, resumes and lists the conflicts and failures", async () => {
    await api.connectAmoCrm({ baseUrl: amocrmUrl, token }, randomUUID());
    try {
      const read = await api.getAmoCrmMapping();
      await api.replaceAmoCrmMapping(mapping, etagOf(read)!);
      await expectProblem(api.getAmoCrmSync(), 404, "not_found");

      const publicBaseUrl = baseUrl;
      const started = await api.startAmoCrmSync({ publicBaseUrl }, randomUUID());
      expect(started.status).toBe(201);
      expect(started.result).toMatchObject({ accountId, state: "running", polledThrough: null, inboxPending: 0, inboxFailed: 0, outboxPending: 0, outboxFailed: 0, conflicts: 0 });
      expect(started.result.lastReconciliation).toBeNull();
      expect(started.result.directions.map((d) => `${d.entity}.${d.field}:${d.direction}`)).toEqual([
        "leads.status:amocrm", "leads.responsibleUserId:amocrm", "leads.requestedAmount:mak",
        "contacts.fullName:newest", "contacts.phone:newest", "contacts.email:newest",
      ]);
      await expectProblem(api.startAmoCrmSync({ publicBaseUrl }, randomUUID()), 409, "amocrm_sync_running");

      // amoCRM's delivery to the registered address: a form, no token.
      const secret = new URL(webhookDestinations.at(-1)!).pathname.split("/").at(-1)!;
      const form = { "leads[update][0][id]": "21", "account[id]": String(accountId) };
      expect((await anonymousApi().receiveAmoCrmWebhook(secret, form)).status).toBe(204);
      await expectProblem(anonymousApi().receiveAmoCrmWebhook("not-the-secret", form), 404, "not_found");

      const paused = (await api.pauseAmoCrmSync()).result;
      expect(paused.state).toBe("paused");
      expect((await api.resumeAmoCrmSync()).result.state).toBe("running");
      expect((await api.getAmoCrmSync()).result.accountId).toBe(accountId);
      expect((await api.listAmoCrmConflicts({ limit: 10 })).result).toEqual({ items: [], nextCursor: null });
      await expectProblem(api.listAmoCrmConflicts({ cursor: "nonsense" }), 400, "invalid_cursor");
      expect((await api.listAmoCrmSyncFailures({ kind: "delivery", limit: 10 })).result).toEqual({ items: [], nextCursor: null });
      const since = new Date(Date.parse(started.result.startedAt) - 3_600_000).toISOString();
      const replayed = await api.replayAmoCrmSync({ since }, randomUUID());
      expect(replayed.status).toBe(202);
      expect(Date.parse(replayed.result.polledThrough!)).toBe(Date.parse(since));
      await expectProblem(api.replayAmoCrmSync({ since: new Date(Date.now() + 3_600_000).toISOString() }, randomUUID()), 400, "validation_failed");
      await expectProblem(api.retryAmoCrmSyncFailure(randomUUID(), randomUUID()), 404, "not_found");
      const chosen = await api.replaceAmoCrmSyncDirections({
        directions: [
          { entity: "leads", field: "status", direction: "mak" },
          { entity: "contacts", field: "phone", direction: "amocrm" },
        ],
      });
      expect(chosen.result.directions.map((d) => `${d.field}:${d.direction}`)).toEqual([
        "status:mak", "responsibleUserId:amocrm", "requestedAmount:mak",
        "fullName:newest", "phone:amocrm", "email:newest",
      ]);
      const unknownField = { directions: [{ entity: "leads" as const, field: "product", direction: "mak" as const }] };
      await expectProblem(api.replaceAmoCrmSyncDirections(unknownField), 400, "validation_failed");
      await api.replaceAmoCrmSyncDirections({ directions: [] });
    } finally {
      await api.pauseAmoCrmSync().catch(() => undefined);
      await api.disconnectAmoCrm();
    }
  });
});
