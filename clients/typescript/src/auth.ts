// Signing in to the MaK CRM API (OAuth 2.0 password, mfa-otp and refresh-token grants of POST /connect/token) and a `fetch`
// that sends `Authorization: Bearer <access token>`, renewing the token before it expires and once more after a 401.
// Hand-written, dependency-free (WHATWG fetch of browsers and Node.js 20+); the token requests themselves go through
// the generated client.
import {
  ApiException,
  MakCrmClient as GeneratedMakCrmClient,
  type TokenError,
  type TokenSuccess,
} from "./generated/client.js";
import { sendObserved, type CallHook, type Fetch, type FetchInput } from "./transport.js";

/** The first-party client that people sign in through (a public client: no secret). */
export const defaultClientId = "mak-cabinet";

/** The grant that completes a sign-in with two-factor authentication, after the password grant's `mfa_required`. */
const mfaOtpGrantType = "urn:mak:params:oauth:grant-type:mfa-otp";

/**
 * An RFC 6749 error answered by the token or revocation endpoint: `invalid_request`, `invalid_client`,
 * `invalid_grant`, `unsupported_grant_type`, `invalid_scope`; or `mfa_required` when the user has two-factor
 * authentication on, with the `mfa_token` for {@link TokenClient.completeSignIn}.
 */
export class OAuthError extends Error {
  override readonly name = "OAuthError";

  constructor(
    /** The HTTP status (400, or 401 for `invalid_client`). */
    readonly status: number,
    /** The RFC 6749 error code, e.g. `invalid_grant`. */
    readonly error: string,
    /** The server's human-readable explanation, if any. */
    readonly error_description: string | null,
    /** With `mfa_required`: the token (valid 5 minutes) that completes the sign-in with a code; otherwise `null`. */
    readonly mfa_token: string | null = null,
  ) {
    super(error_description ? `${error}: ${error_description}` : error);
  }
}

/** Whether a value is an RFC 6749 error object (`{ error, error_description? }`). */
export function isTokenError(value: unknown): value is TokenError {
  return typeof value === "object" && value !== null && typeof (value as { error?: unknown }).error === "string";
}

/** The tokens of one sign-in. Store them (e.g. via `onTokens`) to resume the session with `restore`. */
export interface TokenSet {
  /** The RS256 JWT to send as `Authorization: Bearer`. */
  accessToken: string;
  /** Works once: every refresh returns a new one, and presenting a spent one again ends the whole sign-in. */
  refreshToken: string | null;
  /** When the access token expires, in milliseconds since the epoch (from `expires_in` on receipt). */
  expiresAt: number;
  /** The permissions the access token carries, space-separated. */
  scope: string;
}

export interface TokenClientOptions {
  /** The OAuth `client_id` (default `mak-cabinet`). */
  clientId?: string | undefined;
  /** The `fetch` to send requests with (default: the global `fetch`). */
  fetch?: Fetch | undefined;
  /** Refresh the access token this many seconds before it expires (default 60). */
  refreshLeewaySeconds?: number | undefined;
  /** Called with every new token set (sign-in, refresh, restore) and with `undefined` when the session ends. */
  onTokens?: (tokens: TokenSet | undefined) => void;
  /** Called after every token request (see {@link CallHook}); the API calls report to the API client's own hook. */
  onCall?: CallHook | undefined;
}

/**
 * One signed-in session. `signIn` once; then pass the client (or its `fetch`) to the API client:
 *
 * ```ts
 * const tokens = new TokenClient("https://crm.example.ru");
 * await tokens.signIn("user@example.ru", password);
 * const api = new MakCrmClient("https://crm.example.ru", tokens);
 * ```
 *
 * `fetch` adds the access token, refreshes it `refreshLeewaySeconds` before it expires, and when the API still
 * answers 401 refreshes once and repeats the request. Concurrent requests share one refresh, because refresh tokens
 * rotate: a second refresh with the same token would be taken for a stolen token and end the sign-in. When the
 * session cannot be renewed (`invalid_grant`: revoked, expired, account disabled), the tokens are dropped and the
 * request rejects with that {@link OAuthError}; sign in again. Without a session, requests are sent without a token
 * (the API answers 401).
 */
export class TokenClient {
  readonly clientId: string;
  private readonly endpoints: GeneratedMakCrmClient;
  private readonly send: Fetch;
  private readonly leewayMs: number;
  private readonly onTokens: ((tokens: TokenSet | undefined) => void) | undefined;
  private session: TokenSet | undefined;
  private refreshing: Promise<TokenSet> | undefined;
  /** Changes with every sign-in, restore and sign-out, so that a refresh that was under way then is discarded. */
  private generation = 0;

  /** @param baseUrl The API root, e.g. `https://crm.example.ru` (the token endpoint is `<baseUrl>/connect/token`). */
  constructor(baseUrl: string, options: TokenClientOptions = {}) {
    this.clientId = options.clientId ?? defaultClientId;
    this.send = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    // Token requests carry the SDK's traceparent and User-Agent too, and report to the hook.
    const hook = options.onCall;
    const tokenRequests: Fetch = async (url, init) => (await sendObserved(this.send, url, init, hook, 1, () => undefined)).response;
    this.endpoints = new GeneratedMakCrmClient(baseUrl, { fetch: tokenRequests });
    this.leewayMs = (options.refreshLeewaySeconds ?? 60) * 1000;
    this.onTokens = options.onTokens;
  }

  /** The current tokens, or `undefined` when not signed in. */
  get tokens(): TokenSet | undefined {
    return this.session;
  }

  /**
   * Signs in with the password grant. Rejects with an {@link OAuthError}: `invalid_grant` for a wrong e-mail or
   * password and for a locked (five wrong passwords: 15 minutes) or disabled account; `mfa_required` (with
   * `mfa_token`) when the user has two-factor authentication on: then call {@link completeSignIn} with a code.
   */
  async signIn(username: string, password: string): Promise<TokenSet> {
    return this.start(await this.request({ grant_type: "password", client_id: this.clientId, username, password }));
  }

  /**
   * The second step of a sign-in with two-factor authentication (grant `urn:mak:params:oauth:grant-type:mfa-otp`):
   * the `mfa_token` of the `mfa_required` {@link OAuthError} and either the 6-digit code the authenticator app shows
   * (`{ otp }`) or one of the recovery codes (`{ recoveryCode }`, each works once). A wrong code rejects with
   * `invalid_grant` and counts towards the account's lockout; an expired `mfa_token` (5 minutes) too: sign in again.
   */
  async completeSignIn(mfaToken: string, code: { otp: string } | { recoveryCode: string }): Promise<TokenSet> {
    const second: Record<string, string> = "otp" in code ? { otp: code.otp } : { recovery_code: code.recoveryCode };
    return this.start(
      await this.request({ grant_type: mfaOtpGrantType, client_id: this.clientId, mfa_token: mfaToken, ...second }),
    );
  }

  /** Resumes a session from stored tokens (e.g. after a page reload). */
  restore(tokens: TokenSet): void {
    this.generation++;
    this.refreshing = undefined;
    this.set({ ...tokens });
  }

  /**
   * Exchanges the refresh token for a new access and refresh token now. Concurrent calls share one request.
   * Rejects with an {@link OAuthError} (and ends the session) when the refresh token is no longer valid.
   */
  refresh(): Promise<TokenSet> {
    if (this.refreshing === undefined) {
      const refreshing = this.refreshOnce();
      const done = (): void => {
        if (this.refreshing === refreshing) {
          this.refreshing = undefined;
        }
      };
      refreshing.then(done, done);
      this.refreshing = refreshing;
    }
    return this.refreshing;
  }

  /** Treats the access token as expired, so that the next request refreshes it first. */
  expireAccessToken(): void {
    if (this.session !== undefined) {
      this.set({ ...this.session, expiresAt: 0 });
    }
  }

  /** An access token valid for `refreshLeewaySeconds` more (refreshed if need be); `undefined` when not signed in. */
  async getAccessToken(): Promise<string | undefined> {
    const session = this.session;
    if (session === undefined) {
      return undefined;
    }
    if (Date.now() < session.expiresAt - this.leewayMs) {
      return session.accessToken;
    }
    if (session.refreshToken === null) {
      return Date.now() < session.expiresAt ? session.accessToken : undefined;
    }
    return (await this.refresh()).accessToken;
  }

  /** Signs out: revokes the refresh token (and with it every token of this sign-in) and forgets the tokens. */
  async signOut(): Promise<void> {
    const refreshToken = this.session?.refreshToken;
    this.generation++;
    this.refreshing = undefined;
    this.set(undefined);
    if (refreshToken) {
      try {
        await this.endpoints.revokeToken({
          token: refreshToken,
          token_type_hint: "refresh_token",
          client_id: this.clientId,
        });
      } catch (error) {
        throw toOAuthError(error);
      }
    }
  }

  /**
   * `fetch` with `Authorization: Bearer <access token>`; pass it (or the whole `TokenClient`) as the API client's
   * `http`. Request bodies must be replayable (strings, as the generated client sends, or a `Request`).
   */
  readonly fetch = async (input: FetchInput, init?: RequestInit): Promise<Response> => {
    const token = await this.getAccessToken();
    const response = await this.authorized(input, init, token);
    if (response.status !== 401 || token === undefined || !this.session?.refreshToken || isStepUpChallenge(response)) {
      return response;
    }
    // Refused although the token looked valid (signing key retired, clock skew, ...): renew once, unless a
    // concurrent request already has, and repeat the request.
    await response.body?.cancel();
    if (this.session?.accessToken === token) {
      await this.refresh();
    }
    return this.authorized(input, init, await this.getAccessToken());
  };

  private async refreshOnce(): Promise<TokenSet> {
    const generation = this.generation;
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken) {
      throw new OAuthError(400, "invalid_grant", "Not signed in, or the session has no refresh token.");
    }
    try {
      // Deliberately not cancellable: the server spends the refresh token as soon as it receives it, so a
      // response abandoned half-way would leave only a spent token behind.
      const tokens = await this.request({
        grant_type: "refresh_token",
        client_id: this.clientId,
        refresh_token: refreshToken,
      });
      if (generation === this.generation) {
        this.set(tokens);
      }
      return tokens;
    } catch (error) {
      if (error instanceof OAuthError && error.error === "invalid_grant" && generation === this.generation) {
        this.generation++;
        this.set(undefined);
      }
      throw error;
    }
  }

  private start(tokens: TokenSet): TokenSet {
    this.generation++;
    this.refreshing = undefined;
    this.set(tokens);
    return tokens;
  }

  /** String values only: the generated client would send `null` and `undefined` as the words "null", "undefined". */
  private async request(form: { grant_type: string } & Record<string, string>): Promise<TokenSet> {
    let answer: TokenSuccess;
    try {
      answer = (await this.endpoints.requestToken(form)).result;
    } catch (error) {
      throw toOAuthError(error);
    }
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? null,
      expiresAt: Date.now() + answer.expires_in * 1000,
      scope: answer.scope,
    };
  }

  private authorized(input: FetchInput, init: RequestInit | undefined, token: string | undefined): Promise<Response> {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (token !== undefined) {
      headers.set("Authorization", `Bearer ${token}`);
    } else {
      headers.delete("Authorization");
    }
    return this.send(input instanceof Request ? input.clone() : input, { ...init, headers });
  }

  private set(tokens: TokenSet | undefined): void {
    this.session = tokens;
    this.onTokens?.(tokens);
  }
}

/** A `fetch` that signs requests with the tokens of `tokens` (the same as `tokens.fetch`). */
export function createAuthenticatedFetch(tokens: TokenClient): Fetch {
  return tokens.fetch;
}

/** An {@link OAuthError} for an RFC 6749 error answer of the generated client; anything else unchanged. */
function toOAuthError(error: unknown): unknown {
  if (error instanceof ApiException && (error.status === 400 || error.status === 401) && isTokenError(error.result)) {
    return new OAuthError(
      error.status,
      error.result.error,
      error.result.error_description ?? null,
      typeof error.result.mfa_token === "string" ? error.result.mfa_token : null,
    );
  }
  return error;
}

/**
 * Whether a 401 asks for a recent two-factor sign-in (RFC 9470 `insufficient_user_authentication`, problem code
 * `step_up_required`): role and API-client changes and exports need one from the last 10 minutes. A refresh does not
 * help (it keeps the sign-in's time); sign in again with {@link TokenClient.signIn} and
 * {@link TokenClient.completeSignIn}, then repeat the request.
 */
export function isStepUpChallenge(response: Response): boolean {
  return response.status === 401 && /error="insufficient_user_authentication"/.test(response.headers.get("www-authenticate") ?? "");
}
