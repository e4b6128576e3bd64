import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();
const accountId = 29_000_001;

/** A long-lived token as amoCRM makes them: a JWT naming the account and its expiry. */
function longLivedToken(expiresInDays: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + expiresInDays * 86_400;
  return `${part({ typ: "JWT", alg: "RS256" })}.${part({ account_id: accountId, exp })}.${part({ s: randomUUID() })}`;
}

// The one call the API makes to check a token, GET /api/v4/account, answered as amoCRM does.
const token = longLivedToken(10);
let amocrm: Server;
let amocrmUrl: string;

beforeAll(async () => {
  amocrm = createServer((request, response) => {
    const authorized = request.headers.authorization === `Bearer ${token}`;
    if (request.method === "GET" && request.url === "/api/v4/account" && authorized) {
      response.writeHead(200, { "content-type": "application/hal+json" });
      response.end(JSON.stringify({ id: accountId, name: "МаК", subdomain: "makhq" }));
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
});
