// Authentication against the live server: the OAuth endpoints through the generated client, the access token checked
// with an independent JWT implementation (jose), forged tokens, refresh-token rotation and revocation, and the
// hand-written TokenClient of src/auth.ts.
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { describe, expect, inject, it } from "vitest";
import {
  ApiException,
  MakCrmClient,
  OAuthError,
  TokenClient,
  createAuthenticatedFetch,
  defaultClientId,
  type AuthorizationServerMetadata,
  type TokenError,
  type TokenSet,
  type TokenSuccess,
  userAgent,
} from "../src/index.js";
import {
  admin,
  anonymousApi,
  baseUrl,
  createClient,
  createLead,
  expectProblem,
  partner,
  totp,
  uniqueMarker,
} from "./helpers.js";

/** The generated client without a token: the OAuth endpoints are anonymous. */
const oauth = anonymousApi();
/** The access tokens' lifetime this suite's server gives (test/global-setup.ts). */
const accessTokenLifetime = inject("accessTokenLifetimeSeconds");
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const base64UrlPattern = /^[A-Za-z0-9_-]+$/;

async function signIn(): Promise<TokenSuccess> {
  const response = await oauth.requestToken({
    grant_type: "password",
    client_id: defaultClientId,
    username: partner.email,
    password: partner.password,
  });
  expect(response.status).toBe(200);
  return response.result;
}

function refresh(refreshToken: string): Promise<TokenSuccess> {
  return oauth
    .requestToken({ grant_type: "refresh_token", client_id: defaultClientId, refresh_token: refreshToken })
    .then((response) => response.result);
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
  expect(String(exception.headers["content-type"])).toMatch(/^application\/json/);
  const body = JSON.parse(exception.response) as TokenError;
  expect(body.error).toBe(error);
  expect(exception.result).toEqual(body);
  return body;
}

/** A raw form POST to /connect/token, for requests the generated client's types do not allow. */
async function postTokenForm(form: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/connect/token`, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

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

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

function jwtParts(token: string): { header: Record<string, unknown>; payload: JWTPayload; signature: string } {
  const [header, payload, signature] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header as string, "base64url").toString("utf8")) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload as string, "base64url").toString("utf8")) as JWTPayload,
    signature: signature as string,
  };
}

/** Expects listClients with this token to be refused with 401 `invalid_token`; returns the WWW-Authenticate header. */
async function expectInvalidToken(token: string): Promise<string> {
  const call = apiWithToken(token).listClients();
  const caught: unknown = await call.catch((reason: unknown) => reason);
  await expectProblem(Promise.reject(caught), 401, "unauthorized");
  const challenge = String((caught as ApiException).headers["www-authenticate"]);
  expect(challenge).toMatch(/^Bearer\b/);
  expect(challenge).toContain('error="invalid_token"');
  return challenge;
}

/** A fetch that records the method, path and status of every request it passes on. */
function recordingFetch(): { fetch: typeof fetch; log: string[] } {
  const log: string[] = [];
  return {
    log,
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      log.push(`${init?.method ?? "GET"} ${url.pathname} ${response.status}`);
      return response;
    },
  };
}

/** listClients arguments for the first page of the given size. */
let metadataPromise: Promise<AuthorizationServerMetadata> | undefined;
function metadata(): Promise<AuthorizationServerMetadata> {
  metadataPromise ??= oauth.getAuthorizationServerMetadata().then((response) => response.result);
  return metadataPromise;
}

describe("discovery", () => {
  it("publishes RFC 8414 metadata naming this server's endpoints and issuer", async () => {
    const response = await oauth.getAuthorizationServerMetadata();
    expect(response.status).toBe(200);
    const meta = response.result;
    expect(meta).toMatchObject({
      issuer: baseUrl,
      token_endpoint: `${baseUrl}/connect/token`,
      revocation_endpoint: `${baseUrl}/connect/revoke`,
      jwks_uri: `${baseUrl}/.well-known/jwks.json`,
    });
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining(["password", "refresh_token", "urn:mak:params:oauth:grant-type:mfa-otp"]),
    );
    expect(meta.token_endpoint_auth_methods_supported).toContain("none");
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(["clients.read.all", "leads.write"]));
  });

  it("publishes the public RSA signing keys as a JWK set, without private parts", async () => {
    const response = await oauth.getJsonWebKeySet();
    expect(response.status).toBe(200);
    const { keys } = response.result;
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256" });
      expect(key.kid).toMatch(/\S/);
      expect(key.n).toMatch(base64UrlPattern);
      expect(key.e).toMatch(base64UrlPattern);
      // A modulus of at least 2048 bits.
      expect(Buffer.from(key.n as string, "base64url").length).toBeGreaterThanOrEqual(256);
      for (const secret of ["d", "p", "q", "dp", "dq", "qi", "k"]) {
        expect(key).not.toHaveProperty(secret);
      }
    }
    expect(new Set(keys.map((key) => key.kid)).size).toBe(keys.length);
  });
});

describe("the password grant", () => {
  it("issues a Bearer access token (15 min) and a refresh token, not to be cached", async () => {
    const response = await oauth.requestToken({
      grant_type: "password",
      client_id: defaultClientId,
      username: partner.email,
      password: partner.password,
    });
    expect(response.status).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.result).toMatchObject({ token_type: "Bearer", expires_in: accessTokenLifetime });
    expect(response.result.access_token.split(".")).toHaveLength(3);
    expect(response.result.refresh_token).toMatch(/\S{20,}/);
    // The partner's permissions: its own leads and clients, nothing of head office's.
    const scopes = response.result.scope.split(" ");
    expect(scopes).toEqual(expect.arrayContaining(["leads.read.own", "clients.write"]));
    expect(scopes).not.toContain("roles.manage");
    expect((await metadata()).scopes_supported).toEqual(expect.arrayContaining(scopes));
  });

  it("asks a user with two-factor authentication for a code; the code's sign-in has every admin permission, amr otp and auth_time", async () => {
    const first: unknown = await oauth
      .requestToken({ grant_type: "password", client_id: defaultClientId, username: admin.email, password: admin.password })
      .catch((reason: unknown) => reason);
    expect(first).toBeInstanceOf(ApiException);
    const challenge = JSON.parse((first as ApiException).response) as TokenError & { mfa_token: string };
    expect(challenge.error).toBe("mfa_required");

    const before = Math.floor(Date.now() / 1000);
    const tokens = await oauth.requestToken({
      grant_type: "urn:mak:params:oauth:grant-type:mfa-otp",
      client_id: defaultClientId,
      mfa_token: challenge.mfa_token,
      otp: totp(admin.totpSecret),
    });
    expect(tokens.result.scope.split(" ").sort()).toEqual([...(await metadata()).scopes_supported].sort());
    const payload = decodeJwt(tokens.result.access_token);
    expect(payload["amr"]).toEqual(["pwd", "otp"]);
    expect(payload["roles"]).toEqual(expect.arrayContaining(["admin"]));
    expect(payload["auth_time"] as number).toBeGreaterThanOrEqual(before - 1);
    expect(payload["auth_time"] as number).toBeLessThanOrEqual(payload.iat as number);
  });

  it("issues an RS256 JWT that an independent implementation (jose) verifies against the published JWKS", async () => {
    const meta = await metadata();
    const tokens = await signIn();
    const jwks = createRemoteJWKSet(new URL(meta.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: meta.issuer,
      audience: "mak-crm-api",
      algorithms: ["RS256"],
    });

    const published = (await oauth.getJsonWebKeySet()).result.keys.map((key) => key.kid);
    expect(protectedHeader.alg).toBe("RS256");
    expect(published).toContain(protectedHeader.kid);
    expect(payload.iss).toBe(baseUrl);
    expect([payload.aud].flat()).toContain("mak-crm-api");
    expect(payload.sub).toMatch(uuidPattern);
    expect(payload["org"]).toMatch(uuidPattern);
    expect(payload["client_id"]).toBe(defaultClientId);
    expect(payload["scope"]).toBe(tokens.scope);
    expect(payload["roles"]).toEqual(["partner"]);
    expect(payload["amr"]).toEqual(["pwd"]);
    expect(payload.jti).toMatch(/\S/);
    const { iat, nbf, exp } = payload as Required<Pick<JWTPayload, "iat" | "nbf" | "exp">>;
    expect(exp - iat).toBe(accessTokenLifetime);
    expect(nbf).toBeLessThanOrEqual(iat);
    expect(Math.abs(iat - Date.now() / 1000)).toBeLessThan(60);

    // Every token is different (jti), even for the same user a moment later.
    const again = decodeJwt((await signIn()).access_token);
    expect(again.jti).not.toBe(payload.jti);
    expect(again.sub).toBe(payload.sub);
  });

  it("puts the caller's organization in org, the same that records the caller creates belong to", async () => {
    const tokens = new TokenClient(baseUrl);
    const token = decodeJwt((await tokens.signIn(partner.email, partner.password)).accessToken);
    const api = new MakCrmClient(baseUrl, tokens);
    const { client } = await createClient(api);
    const { lead } = await createLead(api, { clientId: client.id });
    expect(client.organizationId).toBe(token["org"]);
    expect(lead.organizationId).toBe(token["org"]);
  });
});

describe("what the server sees of the SDK", () => {
  it("records the SDK's User-Agent for the sign-in, and the call's trace id in its problems", async () => {
    const tokens = new TokenClient(baseUrl);
    await tokens.signIn(partner.email, partner.password);
    const traces: string[] = [];
    const api = new MakCrmClient(baseUrl, tokens, { onCall: (call) => traces.push(call.traceId) });

    const sessions = (await api.listMySessions()).result.items;
    expect(sessions.find((session) => session.current)?.userAgent).toBe(userAgent);
    expect(userAgent).toMatch(/^@mak-crm\/client\/\d+\.\d+\.\d+ node\/\d+/);

    const refused = await api.getLead("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiException);
    expect((refused as ApiException).problem?.traceId).toBe(traces.at(-1));
  });
});

describe("forged access tokens", () => {
  it("refuses a token with changed claims (old signature) with 401 invalid_token; jose refuses it too", async () => {
    const token = (await signIn()).access_token;
    const { header, payload, signature } = jwtParts(token);
    const [encodedHeader] = token.split(".");
    const longer = { ...payload, exp: (payload.exp ?? 0) + 86_400 };
    const tampered = `${encodedHeader}.${base64UrlJson(longer)}.${signature}`;
    expect(header["alg"]).toBe("RS256");

    // The genuine token works, so the refusal is about the tampering.
    expect((await apiWithToken(token).listClients()).status).toBe(200);
    await expectInvalidToken(tampered);

    const jwks = createRemoteJWKSet(new URL((await metadata()).jwks_uri));
    const verdict: unknown = await jwtVerify(tampered, jwks, {
      issuer: baseUrl,
      audience: "mak-crm-api",
      algorithms: ["RS256"],
    }).catch((reason: unknown) => reason);
    expect(verdict).toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed);
  });

  it("refuses an unsigned token (alg: none) with 401 invalid_token", async () => {
    const token = (await signIn()).access_token;
    const { header, payload } = jwtParts(token);
    const unsigned = `${base64UrlJson({ ...header, alg: "none" })}.${base64UrlJson(payload)}.`;
    await expectInvalidToken(unsigned);
    // Also with the old signature left in place.
    await expectInvalidToken(`${unsigned}${jwtParts(token).signature}`);
  });

  it("refuses garbage and tokens for another issuer's keys with 401 invalid_token", async () => {
    await expectInvalidToken("not-a-jwt");
    const { header, payload, signature } = jwtParts((await signIn()).access_token);
    const otherKey = base64UrlJson({ ...header, kid: "unknown-key" });
    await expectInvalidToken(`${otherKey}.${base64UrlJson(payload)}.${signature}`);
  });
});

describe("refresh tokens", () => {
  it("rotate: a new pair per refresh; reusing the old refresh token is invalid_grant and revokes the new one", async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token as string);
    expect(second).toMatchObject({ token_type: "Bearer", expires_in: accessTokenLifetime, scope: first.scope });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toMatch(/\S{20,}/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const refreshed = decodeJwt(second.access_token);
    expect(refreshed.sub).toBe(decodeJwt(first.access_token).sub);
    expect(refreshed["amr"]).toEqual(["pwd"]);
    expect((await apiWithToken(second.access_token).listClients()).status).toBe(200);

    // The spent token presented again: refused, and the whole sign-in is revoked...
    await expectTokenError(refresh(first.refresh_token as string), 400, "invalid_grant");
    // ...including the refresh token that was issued in exchange for it.
    await expectTokenError(refresh(second.refresh_token as string), 400, "invalid_grant");

    // Another sign-in of the same user is not affected.
    const other = await signIn();
    expect((await refresh(other.refresh_token as string)).refresh_token).toMatch(/\S{20,}/);
  });

  it("are bound to the client they were issued to", async () => {
    const tokens = await signIn();
    await expectTokenError(
      oauth.requestToken({
        grant_type: "refresh_token",
        client_id: "swagger-ui",
        refresh_token: tokens.refresh_token as string,
      }),
      400,
      "invalid_grant",
    );
  });

  it("stop working when revoked (RFC 7009), and so does the rest of that sign-in", async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token as string);
    const response = await oauth.revokeToken({ token: second.refresh_token as string, client_id: defaultClientId });
    expect(response.status).toBe(200);
    await expectTokenError(refresh(second.refresh_token as string), 400, "invalid_grant");
  });

  it("revocation of an unknown token succeeds; without a token it is invalid_request", async () => {
    expect((await oauth.revokeToken({ token: "never-issued", client_id: defaultClientId })).status).toBe(200);
    await expectTokenError(oauth.revokeToken({ token: "", client_id: defaultClientId }), 400, "invalid_request");
  });
});

describe("token endpoint errors", () => {
  it("answers a wrong password with 400 invalid_grant (one attempt only: five lock the account)", async () => {
    const error = await expectTokenError(
      oauth.requestToken({
        grant_type: "password",
        client_id: defaultClientId,
        username: partner.email,
        password: "Wrong-Password-1",
      }),
      400,
      "invalid_grant",
    );
    expect(error.error_description).toMatch(/\S/);
    // The same answer for an unknown user, so that the answer does not tell which accounts exist.
    const unknown = await expectTokenError(
      oauth.requestToken({
        grant_type: "password",
        client_id: defaultClientId,
        username: `${uniqueMarker()}@ts.test`,
        password: "Wrong-Password-1",
      }),
      400,
      "invalid_grant",
    );
    expect(unknown.error_description).toBe(error.error_description);
    // A successful sign-in afterwards resets the failure count.
    await signIn();
  });

  it("answers an unknown client_id with 401 invalid_client", async () => {
    await expectTokenError(
      oauth.requestToken({
        grant_type: "password",
        client_id: "no-such-client",
        username: partner.email,
        password: partner.password,
      }),
      401,
      "invalid_client",
    );
  });

  it("answers a missing grant_type with 400 invalid_request", async () => {
    const answer = await postTokenForm({ client_id: defaultClientId, username: partner.email, password: partner.password });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("answers an unsupported grant_type with 400 unsupported_grant_type", async () => {
    await expectTokenError(
      oauth.requestToken({ grant_type: "authorization_code", client_id: defaultClientId, code: "abc" }),
      400,
      "unsupported_grant_type",
    );
  });
});

describe("the API without a valid token", () => {
  it("answers 401 unauthorized with WWW-Authenticate: Bearer when no token is sent", async () => {
    const caught: unknown = await anonymousApi().listClients().catch((reason: unknown) => reason);
    await expectProblem(Promise.reject(caught), 401, "unauthorized");
    expect((caught as ApiException).headers["www-authenticate"]).toBe("Bearer");
  });
});

describe("TokenClient", () => {
  it("signs in and lets the generated client call the API, sending the access token", async () => {
    const recorder = recordingFetch();
    const seen: (TokenSet | undefined)[] = [];
    const tokens = new TokenClient(baseUrl, { fetch: recorder.fetch, onTokens: (set) => seen.push(set) });
    const signedIn = await tokens.signIn(partner.email, partner.password);
    expect(tokens.tokens).toEqual(signedIn);
    expect(seen).toEqual([signedIn]);
    expect(signedIn.expiresAt - Date.now()).toBeGreaterThan(890_000);
    expect(signedIn.expiresAt - Date.now()).toBeLessThanOrEqual(accessTokenLifetime * 1000);

    const api = new MakCrmClient(baseUrl, { fetch: createAuthenticatedFetch(tokens) });
    const { client } = await createClient(api);
    expect((await api.getClient(client.id)).result).toEqual(client);
    expect(recorder.log).toEqual([
      "POST /connect/token 200",
      "POST /api/v1/clients 201",
      `GET /api/v1/clients/${client.id} 200`,
    ]);
    // The client itself is an HttpFetcher, too.
    expect((await new MakCrmClient(baseUrl, tokens).getClient(client.id)).status).toBe(200);
  });

  it("rejects a wrong password with an OAuthError", async () => {
    const tokens = new TokenClient(baseUrl);
    const error: unknown = await tokens.signIn(partner.email, "Wrong-Password-2").catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      name: "OAuthError",
      status: 400,
      error: "invalid_grant",
      error_description: expect.stringMatching(/\S/),
    });
    expect(tokens.tokens).toBeUndefined();
    await tokens.signIn(partner.email, partner.password); // resets the failure count
  });

  it("refreshes an expired access token before the request, storing the rotated refresh token", async () => {
    const recorder = recordingFetch();
    const tokens = new TokenClient(baseUrl, { fetch: recorder.fetch });
    const before = await tokens.signIn(partner.email, partner.password);
    const api = new MakCrmClient(baseUrl, tokens);

    tokens.expireAccessToken();
    expect((await api.listClients()).status).toBe(200);
    const after = tokens.tokens as TokenSet;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(recorder.log).toEqual(["POST /connect/token 200", "POST /connect/token 200", "GET /api/v1/clients 200"]);

    // The stored refresh token is the current one: refreshing with it works; the spent one is refused.
    await tokens.refresh();
    await expectTokenError(refresh(before.refreshToken as string), 400, "invalid_grant");
  });

  it("recovers transparently from a 401 by refreshing once and repeating the request", async () => {
    const recorder = recordingFetch();
    const tokens = new TokenClient(baseUrl, { fetch: recorder.fetch });
    const signedIn = await tokens.signIn(partner.email, partner.password);
    // An access token the server refuses although it has not expired: the helper cannot know until it is sent.
    const { header, payload, signature } = jwtParts(signedIn.accessToken);
    const refused = `${base64UrlJson(header)}.${base64UrlJson({ ...payload, org: "x" })}.${signature}`;
    tokens.restore({ ...signedIn, accessToken: refused });

    const api = new MakCrmClient(baseUrl, tokens);
    const { client } = await createClient(api, { city: "Курск" });
    expect(client.city).toBe("Курск");
    expect(recorder.log).toEqual([
      "POST /connect/token 200",
      "POST /api/v1/clients 401",
      "POST /connect/token 200",
      "POST /api/v1/clients 201",
    ]);
    expect(tokens.tokens?.refreshToken).not.toBe(signedIn.refreshToken);
    // The body was sent again in full, and the client was created exactly once.
    const found = await api.listClients({ q: client.fullName });
    expect(found.result.items.map((c) => c.id)).toEqual([client.id]);
  });

  it("shares one refresh between concurrent requests, so that rotation does not end the sign-in", async () => {
    const recorder = recordingFetch();
    const tokens = new TokenClient(baseUrl, { fetch: recorder.fetch });
    await tokens.signIn(partner.email, partner.password);
    const api = new MakCrmClient(baseUrl, tokens);

    tokens.expireAccessToken();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((limit) => api.listClients({ limit })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(recorder.log.filter((line) => line.startsWith("POST /connect/token"))).toEqual([
      "POST /connect/token 200",
      "POST /connect/token 200",
    ]);
    // Still signed in: the stored refresh token is valid.
    await tokens.refresh();
    expect((await api.listClients()).status).toBe(200);
  });

  it("ends the session with an OAuthError when the refresh token has been revoked", async () => {
    const seen: (TokenSet | undefined)[] = [];
    const tokens = new TokenClient(baseUrl, { onTokens: (set) => seen.push(set) });
    const signedIn = await tokens.signIn(partner.email, partner.password);
    await oauth.revokeToken({ token: signedIn.refreshToken as string, client_id: defaultClientId });

    tokens.expireAccessToken();
    const error: unknown = await new MakCrmClient(baseUrl, tokens).listClients().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ status: 400, error: "invalid_grant" });
    expect(tokens.tokens).toBeUndefined();
    expect(seen.at(-1)).toBeUndefined();

    // Without a session, requests go without a token and the API answers 401.
    await expectProblem(new MakCrmClient(baseUrl, tokens).listClients(), 401, "unauthorized");
  });

  it("signs out by revoking the refresh token", async () => {
    const tokens = new TokenClient(baseUrl);
    const signedIn = await tokens.signIn(partner.email, partner.password);
    await tokens.signOut();
    expect(tokens.tokens).toBeUndefined();
    await expectTokenError(refresh(signedIn.refreshToken as string), 400, "invalid_grant");
  });
});
