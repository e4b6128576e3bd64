// The Access operations against the live server, through the generated client: the role-to-permission matrix
// (listRoles, setRolePermissions) and the API clients of partner platforms and the bot (listApiClients,
// registerApiClient, disableApiClient, enableApiClient, rotateApiClientSecret), with the credentials they hand out
// used for the client-credentials grant.
//
// The server is shared by every test file and keeps the matrix and the API clients for the whole run, so a test that
// changes a role puts it back in a finally block, and lists are searched for this test's own clients.
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import {
  ApiException,
  MakCrmClient,
  TokenClient,
  type ApiClient,
  type ApiClientCredentials,
  type Role,
  type RoleMatrix,
  type TokenError,
  type TokenSuccess,
} from "../src/index.js";
import {
  anonymousApi,
  baseUrl,
  createClient,
  createLead,
  expectProblem,
  newApi,
  partner,
  uniqueMarker,
} from "./helpers.js";

const api = newApi();
const oauth = anonymousApi();

/** The organization of the bootstrap administrator. */
const headOffice = "0192f0c1-0000-7000-8000-000000000001";
const platformScopes = ["clients.read.own", "clients.write", "leads.read.own", "leads.write"];
/** The scopes an API client may hold: every permission but the management ones. */
const businessPermissions = [
  "clients.read.own",
  "clients.read.all",
  "clients.write",
  "clients.delete",
  "clients.export",
  "leads.read.own",
  "leads.read.all",
  "leads.write",
  "leads.delete",
];

/** The generated client sending exactly this `Authorization: Bearer` token. */
function apiWithToken(token: string): MakCrmClient {
  return new MakCrmClient(baseUrl, {
    fetch(url: string, init?: RequestInit) {
      const headers = new Headers(init?.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    },
  });
}

/** The client-credentials grant through the generated requestToken, the secret in the body (client_secret_post). */
async function clientCredentials(clientId: string, clientSecret: string): Promise<TokenSuccess> {
  const response = await oauth.requestToken({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
  });
  expect(response.status).toBe(200);
  return response.result;
}

/** Awaits a token-endpoint call that must fail with an RFC 6749 error and returns the error object. */
async function expectTokenError(call: Promise<unknown>, status: number, error: string): Promise<TokenError> {
  const caught: unknown = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(caught, `expected HTTP ${status} ${error}, but the call succeeded`).toBeInstanceOf(ApiException);
  const exception = caught as ApiException;
  expect(exception.status, exception.response).toBe(status);
  const body = JSON.parse(exception.response) as TokenError;
  expect(body.error).toBe(error);
  return body;
}

async function register(name: string, scopes: string[], organizationId = headOffice): Promise<ApiClientCredentials> {
  const response = await api.registerApiClient({ name, organizationId, scopes });
  expect(response.status).toBe(201);
  return response.result;
}

/**
 * Expects an API client as answered later to describe the client as it was registered (the instants to the
 * millisecond: the registration answers them more precisely than the database keeps them).
 */
function expectSameClient(actual: ApiClient | undefined, registered: ApiClient, enabled = true): void {
  expect(actual, `client ${registered.clientId}`).toBeDefined();
  const { clientId, name, organizationId, scopes, createdAt } = registered;
  expect(actual).toMatchObject({ clientId, name, organizationId, enabled });
  expect(sorted((actual as ApiClient).scopes)).toEqual(sorted(scopes));
  expect(Date.parse((actual as ApiClient).createdAt)).toBe(Date.parse(createdAt));
}

async function roleOf(name: string): Promise<Role | undefined> {
  return (await api.listRoles()).result.roles.find((role) => role.name === name);
}

/** Puts back every role whose permissions differ from the snapshot. */
async function restoreMatrix(snapshot: RoleMatrix): Promise<void> {
  const now = (await api.listRoles()).result;
  for (const role of snapshot.roles) {
    const current = now.roles.find((r) => r.name === role.name);
    if (current === undefined || [...current.permissions].sort().join() !== [...role.permissions].sort().join()) {
      await api.setRolePermissions(role.name, { permissions: role.permissions });
    }
  }
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

describe("listRoles", () => {
  it("lists every role with its permissions, and every permission there is", async () => {
    const response = await api.listRoles();

    expect(response.status).toBe(200);
    const matrix = response.result;
    const scopesSupported = (await oauth.getAuthorizationServerMetadata()).result.scopes_supported;
    expect(sorted(matrix.permissions)).toEqual(sorted(scopesSupported));
    expect(matrix.permissions).toEqual(
      expect.arrayContaining(["roles.manage", "api_clients.manage", ...businessPermissions]),
    );
    const names = matrix.roles.map((role) => role.name);
    expect(names).toEqual(expect.arrayContaining(["admin", "employee", "partner", "franchisee", "guest"]));
    expect(new Set(names).size).toBe(names.length);
    for (const role of matrix.roles) {
      expect(role.requiresTwoFactor).toBeTypeOf("boolean");
      expect(matrix.permissions).toEqual(expect.arrayContaining(role.permissions));
    }
    const admin = matrix.roles.find((role) => role.name === "admin") as Role;
    expect(sorted(admin.permissions)).toEqual(sorted(matrix.permissions));
    // The defaults of a new installation: head-office roles require 2FA, partners do not.
    expect(admin.requiresTwoFactor).toBe(true);
    expect(matrix.roles.find((role) => role.name === "employee")?.requiresTwoFactor).toBe(true);
    expect(matrix.roles.find((role) => role.name === "partner")?.requiresTwoFactor).toBe(false);
    expect(matrix.roles.find((role) => role.name === "partner")?.permissions).toEqual(
      expect.arrayContaining(["clients.read.own", "leads.read.own"]),
    );
  });
});

/** What the guest role holds by default: its notifications, its own organization and that organization's tasks. */
const guestDefaults = [
  "calendar_feeds.manage", "custom_fields.read.own", "help.read", "knowledge.read", "notifications.read",
  "organizations.read.own", "tasks.read.own", "tickets.create", "tickets.read.own", "training.read",
];

describe("setRolePermissions", () => {
  it("replaces a role's permissions, audits the change, and puts them back", async () => {
    const before = await roleOf("guest");
    expect(sorted(before?.permissions ?? [])).toEqual(guestDefaults);

    try {
      const changed = await api.setRolePermissions("guest", {
        permissions: ["leads.read.own", "clients.read.own", "leads.read.own"],
      });

      expect(changed.status).toBe(200);
      expect(changed.result.name).toBe("guest");
      expect(changed.result.requiresTwoFactor).toBe(before?.requiresTwoFactor);
      expect(sorted(changed.result.permissions)).toEqual(["clients.read.own", "leads.read.own"]);
      expect(sorted((await roleOf("guest"))?.permissions ?? [])).toEqual(["clients.read.own", "leads.read.own"]);

      const audit = await api.listAuditEvents({ kind: "security", action: "role.permissions_changed" });
      const event = audit.result.items.find((e) => (e.changes as { role?: string } | null)?.role === "guest");
      expect(event, JSON.stringify(audit.result.items)).toBeDefined();
      const details = event?.changes as { before: string[]; after: string[] };
      expect(sorted(details.before)).toEqual(guestDefaults);
      expect(sorted(details.after)).toEqual(["clients.read.own", "leads.read.own"]);
    } finally {
      const restored = await api.setRolePermissions("guest", { permissions: guestDefaults });
      expect(sorted(restored.result.permissions)).toEqual(guestDefaults);
    }
    expect(sorted((await roleOf("guest"))?.permissions ?? [])).toEqual(guestDefaults);
  });

  it("refuses an unknown permission, an unknown role and an admin without every permission", async () => {
    const snapshot = (await api.listRoles()).result;
    try {
      const unknown = await expectProblem(
        api.setRolePermissions("partner", { permissions: ["leads.read.own", "leads.everything"] }),
        400,
        "validation_failed",
      );
      expect(Object.keys(unknown.errors ?? {})).toHaveLength(1);
      expect(Object.keys(unknown.errors ?? {})[0]).toMatch(/^permissions/);

      await expectProblem(api.setRolePermissions("superuser", { permissions: [] }), 404, "not_found");

      const weakened = await expectProblem(
        api.setRolePermissions("admin", { permissions: snapshot.permissions.filter((p) => p !== "roles.manage") }),
        400,
        "validation_failed",
      );
      expect(weakened.errors).toHaveProperty("permissions");

      expect((await api.listRoles()).result).toEqual(snapshot);
    } finally {
      await restoreMatrix(snapshot);
    }
  });
});

describe("API clients", () => {
  it("register, get tokens with client credentials, stop at disable, resume at enable, and rotate the secret", async () => {
    const name = `Лидогенератор «Поток» ${uniqueMarker()}`;
    const started = Date.now();

    // Registered: the answer carries the client and its secret, shown this once.
    const registered = await api.registerApiClient({ name, organizationId: headOffice, scopes: platformScopes });
    expect(registered.status).toBe(201);
    const { client, clientSecret: secret } = registered.result;
    expect(client).toMatchObject({ name, organizationId: headOffice, enabled: true });
    expect(sorted(client.scopes)).toEqual(sorted(platformScopes));
    expect(client.clientId).toMatch(/\S/);
    expect(Math.abs(Date.parse(client.createdAt) - started)).toBeLessThan(60_000);
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // Listed, never with its secret.
    const list = await api.listApiClients();
    expect(list.status).toBe(200);
    expectSameClient(list.result.items.find((c) => c.clientId === client.clientId), client);
    expect(JSON.stringify(list.result)).not.toContain(secret);

    // The client-credentials grant acts for the client's organization within its scopes.
    const token = await clientCredentials(client.clientId, secret);
    expect(token).toMatchObject({ token_type: "Bearer", refresh_token: null });
    expect(sorted(token.scope.split(" "))).toEqual(sorted(platformScopes));
    const claims = decodeJwt(token.access_token);
    expect(claims.sub).toBe(client.clientId);
    expect(claims["org"]).toBe(headOffice);
    const platform = apiWithToken(token.access_token);
    const { client: borrower } = await createClient(platform);
    const { lead } = await createLead(platform, { clientId: borrower.id });
    expect(borrower.organizationId).toBe(headOffice);
    expect(lead.organizationId).toBe(headOffice);
    const leads = await platform.listLeads({ clientId: borrower.id });
    expect(leads.status).toBe(200);
    expect(leads.result.items.map((l) => l.id)).toEqual([lead.id]);
    await expectProblem(platform.deleteLead(lead.id), 403, "forbidden");
    await expectProblem(platform.listRoles(), 403, "forbidden");

    // Disabled: its token is refused from the next request on, and it gets no new one.
    const disabled = await api.disableApiClient(client.clientId);
    expect(disabled.status).toBe(200);
    expectSameClient(disabled.result, client, false);
    expectSameClient((await api.listApiClients()).result.items.find((c) => c.clientId === client.clientId), client, false);
    await expectProblem(platform.listLeads(), 401, "unauthorized");
    await expectTokenError(
      oauth.requestToken({ grant_type: "client_credentials", client_id: client.clientId, client_secret: secret }),
      401,
      "invalid_client",
    );

    // Enabled again: it gets tokens again, and its earlier token works again until it expires.
    const enabled = await api.enableApiClient(client.clientId);
    expect(enabled.status).toBe(200);
    expectSameClient(enabled.result, client);
    expect((await platform.listLeads()).status).toBe(200);
    expect((await apiWithToken((await clientCredentials(client.clientId, secret)).access_token).listLeads()).status).toBe(200);

    // A new secret: the old one stops working at once, the new one works.
    const rotated = await api.rotateApiClientSecret(client.clientId);
    expect(rotated.status).toBe(200);
    expectSameClient(rotated.result.client, client);
    const newSecret = rotated.result.clientSecret;
    expect(newSecret.length).toBeGreaterThanOrEqual(32);
    expect(newSecret).not.toBe(secret);
    await expectTokenError(
      oauth.requestToken({ grant_type: "client_credentials", client_id: client.clientId, client_secret: secret }),
      401,
      "invalid_client",
    );
    // The new secret with HTTP Basic (client_secret_basic), as RFC 6749 2.3.1 encodes it.
    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(newSecret)}`).toString("base64");
    const answer = await fetch(`${baseUrl}/connect/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "leads.read.own" }),
    });
    expect(answer.status).toBe(200);
    const narrowed = (await answer.json()) as TokenSuccess;
    expect(narrowed.scope).toBe("leads.read.own");
    const reader = apiWithToken(narrowed.access_token);
    expect((await reader.listLeads({ clientId: borrower.id })).result.items.map((l) => l.id)).toEqual([lead.id]);
    await expectProblem(reader.listClients(), 403, "forbidden");
    expect(JSON.stringify((await api.listApiClients()).result)).not.toContain(newSecret);

    // Every step is in the security log, in order, without the secrets.
    const steps = ["api_client.registered", "api_client.disabled", "api_client.enabled", "api_client.secret_rotated"];
    const events = [];
    for (const action of steps) {
      const page = await api.listAuditEvents({ kind: "security", action, limit: 200 }); // newest first
      const event = page.result.items.find((e) => JSON.stringify(e.changes ?? null).includes(client.clientId));
      expect(event, `${action} of ${client.clientId}`).toBeDefined();
      events.push(event as NonNullable<typeof event>);
    }
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const log = JSON.stringify(events);
    expect(log).not.toContain(secret);
    expect(log).not.toContain(newSecret);
  });

  it("gives every registration its own id and secret, and lists no first-party sign-in client", async () => {
    const marker = uniqueMarker();
    const first = await register(`Бот ${marker}`, ["leads.write"]);
    const second = await register(`Бот ${marker}`, ["leads.write"]);

    expect(second.client.clientId).not.toBe(first.client.clientId);
    expect(second.clientSecret).not.toBe(first.clientSecret);
    const ids = (await api.listApiClients()).result.items.map((c) => c.clientId);
    expect(ids).toEqual(expect.arrayContaining([first.client.clientId, second.client.clientId]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain("mak-cabinet");
    expect(ids).not.toContain("swagger-ui");
  });

  it.each([
    ["roles.manage", "scopes[0]"],
    ["api_clients.manage", "scopes[0]"],
    ["audit.read", "scopes[0]"],
    ["leads.everything", "scopes[0]"],
  ])("refuses the scope %s with 400 validation_failed", async (scope, field) => {
    const name = `Нельзя ${uniqueMarker()}`;
    const problem = await expectProblem(
      api.registerApiClient({ name, organizationId: headOffice, scopes: [scope] }),
      400,
      "validation_failed",
    );
    expect(problem.errors?.[field]?.length).toBeGreaterThan(0);
    expect((await api.listApiClients()).result.items.map((c) => c.name)).not.toContain(name);
  });

  it("refuses no scopes, no name and an unknown organization with 400 validation_failed", async () => {
    const name = `Нельзя ${uniqueMarker()}`;
    const cases: [Parameters<MakCrmClient["registerApiClient"]>[0], string][] = [
      [{ name, organizationId: headOffice, scopes: [] }, "scopes"],
      [{ name: " ", organizationId: headOffice, scopes: ["leads.write"] }, "name"],
      [{ name: "я".repeat(201), organizationId: headOffice, scopes: ["leads.write"] }, "name"],
      [{ name, organizationId: "0192f0c1-0000-7000-8000-00000000dead", scopes: ["leads.write"] }, "organizationId"],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(api.registerApiClient(body), 400, "validation_failed");
      expect(problem.errors, JSON.stringify(problem)).toHaveProperty([field]);
    }
    expect((await api.listApiClients()).result.items.map((c) => c.name)).not.toContain(name);
  });

  it("answers 404 not_found for an unknown client and for the first-party sign-in client", async () => {
    for (const clientId of [`mak_${uniqueMarker()}`, "mak-cabinet"]) {
      await expectProblem(api.disableApiClient(clientId), 404, "not_found");
      await expectProblem(api.enableApiClient(clientId), 404, "not_found");
      await expectProblem(api.rotateApiClientSecret(clientId), 404, "not_found");
    }
    // The cabinet still signs people in.
    const session = new TokenClient(baseUrl);
    await session.signIn(partner.email, partner.password);
    expect(session.tokens?.accessToken).toMatch(/\S/);
  });
});

describe("who may manage access", () => {
  it("refuses every Access operation with 403 forbidden to an API client, even with every business scope", async () => {
    const target = await register(`Цель ${uniqueMarker()}`, ["leads.read.own"]);
    const all = await register(`Все деловые права ${uniqueMarker()}`, businessPermissions);
    const token = await clientCredentials(all.client.clientId, all.clientSecret);
    expect(sorted(token.scope.split(" "))).toEqual(sorted(businessPermissions));
    const platform = apiWithToken(token.access_token);
    const snapshot = (await api.listRoles()).result;
    const intruder = `Самозванец ${uniqueMarker()}`;

    try {
      await expectProblem(platform.listRoles(), 403, "forbidden");
      await expectProblem(platform.setRolePermissions("guest", { permissions: snapshot.permissions }), 403, "forbidden");
      await expectProblem(platform.listApiClients(), 403, "forbidden");
      await expectProblem(
        platform.registerApiClient({ name: intruder, organizationId: headOffice, scopes: ["leads.write"] }),
        403,
        "forbidden",
      );
      await expectProblem(platform.disableApiClient(target.client.clientId), 403, "forbidden");
      await expectProblem(platform.enableApiClient(target.client.clientId), 403, "forbidden");
      await expectProblem(platform.rotateApiClientSecret(target.client.clientId), 403, "forbidden");

      expect((await api.listRoles()).result).toEqual(snapshot);
      const items = (await api.listApiClients()).result.items;
      expect(items.map((c) => c.name)).not.toContain(intruder);
      expectSameClient(items.find((c) => c.clientId === target.client.clientId), target.client);
      await clientCredentials(target.client.clientId, target.clientSecret);
    } finally {
      await restoreMatrix(snapshot);
    }
  });

  it("refuses every Access operation with 401 unauthorized without a token", async () => {
    const anonymous = anonymousApi();
    const calls: (() => Promise<unknown>)[] = [
      () => anonymous.listRoles(),
      () => anonymous.setRolePermissions("guest", { permissions: ["leads.read.all"] }),
      () => anonymous.listApiClients(),
      () => anonymous.registerApiClient({ name: "Аноним", organizationId: headOffice, scopes: ["leads.write"] }),
      () => anonymous.disableApiClient("mak-cabinet"),
      () => anonymous.enableApiClient("mak-cabinet"),
      () => anonymous.rotateApiClientSecret("mak-cabinet"),
    ];
    try {
      for (const call of calls) {
        const caught: unknown = await call().catch((reason: unknown) => reason);
        await expectProblem(Promise.reject(caught), 401, "unauthorized");
        expect(String((caught as ApiException).headers["www-authenticate"])).toMatch(/^Bearer\b/);
      }
      expect(sorted((await roleOf("guest"))?.permissions ?? [])).toEqual(guestDefaults);
    } finally {
      await api.setRolePermissions("guest", { permissions: guestDefaults });
    }
  });
});
