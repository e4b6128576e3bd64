// Two-factor authentication against the live server: the Account operations of the generated client (enrol,
// confirm, regenerate recovery codes, disable), the mfa-otp grant, and TokenClient's `mfa_required` / completeSignIn.
// Every test turns 2FA on for a user of its own (a self-registered franchisee approved by the bootstrap
// administrator); the administrator the other tests sign in as has it on from the global setup. The codes come from oathtool, an
// implementation independent of the server's, as an authenticator app would show them.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ApiException,
  MakCrmClient,
  OAuthError,
  TokenClient,
  defaultClientId,
  type ApiResponse,
  type TokenError,
  type TokenSuccess,
} from "../src/index.js";
import { anonymousApi, baseUrl, expectProblem, newApi, totp, totpAt } from "./helpers.js";

const mfaOtp = "urn:mak:params:oauth:grant-type:mfa-otp";
const password = "Franchise-Password-2026";
const admin = newApi();
const oauth = anonymousApi();

/** A well-formed code that is none of the codes within two steps of now (the server's window), so surely wrong. */
function wrongTotp(sharedKey: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((step) => totpAt(sharedKey, step)));
  return ["123456", "234567", "345678", "456789"].find((code) => !near.has(code)) as string;
}

/** A new franchisee user: registers anonymously, is approved by head office; returns its e-mail. */
async function newUser(): Promise<string> {
  const email = `ts-2fa-${randomUUID()}@franchise.example`;
  const registered = await anonymousApi().registerOrganization({
    kind: "franchisee",
    companyName: "ИП Двухфакторов",
    legalForm: "ip",
    inn: "500100732259",
    city: "Тула",
    contactPhone: "+7 921 555-44-33",
    contactEmail: email,
    fullName: "Двухфакторов Денис",
    password,
  });
  expect(registered.status).toBe(201);
  expect((await admin.approveOrganization(registered.result.id)).result.status).toBe("active");
  return email;
}

/** A TokenClient signed in as the user (password only) and the generated client that uses it. */
async function signedIn(email: string): Promise<{ tokens: TokenClient; api: MakCrmClient }> {
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(email, password);
  return { tokens, api: new MakCrmClient(baseUrl, tokens) };
}

/** Turns 2FA on for the user; returns the shared key and the recovery codes. */
async function withTwoFactor(email: string): Promise<{ key: string; codes: string[] }> {
  const { api } = await signedIn(email);
  const key = (await api.enrolTwoFactor()).result.sharedKey;
  const codes = (await api.confirmTwoFactor({ code: totp(key) })).result.codes;
  expect(codes).toHaveLength(10);
  return { key, codes };
}

function passwordGrant(email: string): Promise<ApiResponse<TokenSuccess>> {
  return oauth.requestToken({ grant_type: "password", client_id: defaultClientId, username: email, password });
}

function mfaGrant(mfaToken: string, code: { otp: string } | { recovery_code: string }): Promise<TokenSuccess> {
  return oauth
    .requestToken({ grant_type: mfaOtp, client_id: defaultClientId, mfa_token: mfaToken, ...code })
    .then((response) => {
      expect(response.status).toBe(200);
      return response.result;
    });
}

/** Awaits a token-endpoint call that must fail with 400 and the RFC 6749 error; returns the error object. */
async function expectTokenError(call: Promise<unknown>, error: string): Promise<TokenError> {
  const caught: unknown = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(caught, `expected 400 ${error}, but the call succeeded`).toBeInstanceOf(ApiException);
  const exception = caught as ApiException;
  expect(exception.status, exception.response).toBe(400);
  const body = exception.result as TokenError;
  expect(body.error, exception.response).toBe(error);
  return body;
}

/** The user's password grant must answer mfa_required; returns the mfa_token. */
async function mfaToken(email: string): Promise<string> {
  const body = await expectTokenError(passwordGrant(email), "mfa_required");
  expect(body.error_description).toBeTruthy();
  expect(body.mfa_token).toBeTypeOf("string");
  return body.mfa_token as string;
}

/** The `amr` claim of an access token (how the user signed in). */
function amr(accessToken: string): unknown {
  const payload = accessToken.split(".")[1] as string;
  return (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { amr?: unknown }).amr;
}

describe("two-factor authentication", () => {
  it("enrols, confirms, signs in with a code or a recovery code, regenerates the codes and turns off", async () => {
    const email = await newUser();
    const { api } = await signedIn(email);

    const enrolment = (await api.enrolTwoFactor()).result;
    const key = enrolment.sharedKey;
    expect(key).toMatch(/^[A-Z2-7]{16,}=*$/);
    expect(enrolment.authenticatorUri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrolment.authenticatorUri).toContain(`secret=${key}`);
    expect(enrolment.qrCodeSvg).toContain("<svg");

    const wrong = await expectProblem(api.confirmTwoFactor({ code: wrongTotp(key) }), 400, "validation_failed");
    expect(wrong.errors).toHaveProperty("code");
    const codes = (await api.confirmTwoFactor({ code: totp(key) })).result.codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    await expectProblem(api.enrolTwoFactor(), 409, "two_factor_already_enabled");

    // The password alone now gives only an mfa_token, which is no access token.
    const token = await mfaToken(email);
    await expectProblem(new MakCrmClient(baseUrl, withBearer(token)).listLeads(), 401, "unauthorized");

    await expectTokenError(mfaGrant(token, { otp: wrongTotp(key) }), "invalid_grant");
    const withOtp = await mfaGrant(token, { otp: totp(key) });
    expect(withOtp.token_type).toBe("Bearer");
    expect(withOtp.refresh_token).toBeTruthy();
    expect(amr(withOtp.access_token)).toEqual(["pwd", "otp"]);
    expect((await new MakCrmClient(baseUrl, withBearer(withOtp.access_token)).listLeads()).status).toBe(200);

    // A recovery code works once.
    const withRecoveryCode = await mfaGrant(await mfaToken(email), { recovery_code: codes[0] as string });
    expect(amr(withRecoveryCode.access_token)).toEqual(["pwd", "rc"]);
    await expectTokenError(mfaGrant(await mfaToken(email), { recovery_code: codes[0] as string }), "invalid_grant");

    // New recovery codes need a current code; the old ones stop working.
    await expectProblem(api.regenerateRecoveryCodes({ code: wrongTotp(key) }), 400, "validation_failed");
    const fresh = (await api.regenerateRecoveryCodes({ code: totp(key) })).result.codes;
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => codes.includes(code))).toEqual([]);
    await expectTokenError(mfaGrant(await mfaToken(email), { recovery_code: codes[1] as string }), "invalid_grant");
    expect(amr((await mfaGrant(await mfaToken(email), { recovery_code: fresh[0] as string })).access_token)).toEqual(["pwd", "rc"]);

    // Turning off needs a current code; then the password alone gives tokens again.
    await expectProblem(api.disableTwoFactor({ code: wrongTotp(key) }), 400, "validation_failed");
    expect((await api.disableTwoFactor({ code: totp(key) })).status).toBe(204);
    const plain = (await passwordGrant(email)).result;
    expect(amr(plain.access_token)).toEqual(["pwd"]);
    await expectProblem(api.disableTwoFactor({ code: totp(key) }), 409, "two_factor_not_enabled");
    await expectProblem(api.regenerateRecoveryCodes({ code: totp(key) }), 409, "two_factor_not_enabled");
  }, 180_000); // four changes that each take a code of a later step than the last: up to half a minute's wait for the fourth, twice that on a machine loaded by the other suites

  it("TokenClient rejects with OAuthError mfa_required carrying the mfa_token, and completeSignIn finishes the sign-in", async () => {
    const email = await newUser();
    const { key, codes } = await withTwoFactor(email);
    const tokens = new TokenClient(baseUrl);
    const api = new MakCrmClient(baseUrl, tokens);

    const caught: unknown = await tokens.signIn(email, password).catch((reason: unknown) => reason);
    expect(caught).toBeInstanceOf(OAuthError);
    const error = caught as OAuthError;
    expect(error.error).toBe("mfa_required");
    expect(error.status).toBe(400);
    expect(error.error_description).toBeTruthy();
    expect(error.mfa_token).toBeTypeOf("string");
    expect(error.message).not.toContain(password);
    expect(tokens.tokens).toBeUndefined();

    const wrong: unknown = await tokens
      .completeSignIn(error.mfa_token as string, { otp: wrongTotp(key) })
      .catch((reason: unknown) => reason);
    expect(wrong).toBeInstanceOf(OAuthError);
    expect((wrong as OAuthError).error).toBe("invalid_grant");
    expect((wrong as OAuthError).mfa_token).toBeNull();

    const session = await tokens.completeSignIn(error.mfa_token as string, { otp: totp(key) });
    expect(tokens.tokens).toEqual(session);
    expect(amr(session.accessToken)).toEqual(["pwd", "otp"]);
    expect((await api.listLeads()).status).toBe(200);
    // The session refreshes like any other, without asking for a code again.
    tokens.expireAccessToken();
    expect((await api.listLeads()).status).toBe(200);
    expect(tokens.tokens?.refreshToken).not.toBe(session.refreshToken);

    const again = new TokenClient(baseUrl);
    const second = (await again.signIn(email, password).catch((reason: unknown) => reason)) as OAuthError;
    expect(second.error).toBe("mfa_required");
    const byRecoveryCode = await again.completeSignIn(second.mfa_token as string, { recoveryCode: codes[0] as string });
    expect(amr(byRecoveryCode.accessToken)).toEqual(["pwd", "rc"]);
    await tokens.signOut();
  });

  it("the account operations are for signed-in users: 401 without a token, 403 for an API client", async () => {
    const api = anonymousApi();
    await expectProblem(api.enrolTwoFactor(), 401, "unauthorized");
    await expectProblem(api.confirmTwoFactor({ code: "123456" }), 401, "unauthorized");
    await expectProblem(api.disableTwoFactor({ code: "123456" }), 401, "unauthorized");
    await expectProblem(api.regenerateRecoveryCodes({ code: "123456" }), 401, "unauthorized");

    const registered = (
      await admin.registerApiClient({
        name: `TS platform ${randomUUID()}`,
        organizationId: "0192f0c1-0000-7000-8000-000000000001",
        scopes: ["leads.read.own"],
      })
    ).result;
    const platformToken = (
      await oauth.requestToken({
        grant_type: "client_credentials",
        client_id: registered.client.clientId,
        client_secret: registered.clientSecret,
      })
    ).result.access_token;
    const platform = new MakCrmClient(baseUrl, withBearer(platformToken));
    await expectProblem(platform.enrolTwoFactor(), 403, "forbidden");
    await expectProblem(platform.confirmTwoFactor({ code: "123456" }), 403, "forbidden");
    await expectProblem(platform.disableTwoFactor({ code: "123456" }), 403, "forbidden");
    await expectProblem(platform.regenerateRecoveryCodes({ code: "123456" }), 403, "forbidden");

    const { api: user } = await signedIn(await newUser());
    await expectProblem(user.disableTwoFactor({ code: "123456" }), 409, "two_factor_not_enabled");
    await expectProblem(user.regenerateRecoveryCodes({ code: "123456" }), 409, "two_factor_not_enabled");
  });
});

/** A fetcher that sends exactly this `Authorization: Bearer` token. */
function withBearer(token: string): { fetch: (url: string, init?: RequestInit) => Promise<Response> } {
  return {
    fetch(url: string, init?: RequestInit) {
      const headers = new Headers(init?.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    },
  };
}
