// The public surface of @mak-crm/client: the NSwag-generated client and DTO types (src/generated/client.ts,
// regenerated from api-spec/openapi.yaml, never edited by hand) plus a thin hand-written layer that makes the
// generated client work the same in browsers and in Node.js, and the sign-in helper of src/auth.ts.
import {
  ApiException,
  MakCrmClient as GeneratedMakCrmClient,
  type ApiResponse,
  type Problem,
} from "./generated/client.js";

export * from "./generated/client.js";

/** Anything with a WHATWG `fetch`: `window`, `globalThis`, a {@link TokenClient} (adds the access token), ... */
export interface HttpFetcher {
  fetch(url: RequestInfo, init?: RequestInit): Promise<Response>;
}

/**
 * The MaK CRM API client: one method per operation of the contract, each returning an {@link ApiResponse}
 * (`status`, `headers` with lower-cased names, `result`) or rejecting with an {@link ApiException}.
 *
 * It differs from the generated class only in its defaults: without `http` it uses the global `fetch` (the generated
 * code falls back to `window`, which does not exist in Node.js), and an optional `If-Match` that is not given is not
 * sent at all (the generated code would send an empty `If-Match:` header).
 */
export class MakCrmClient extends GeneratedMakCrmClient {
  /**
   * @param baseUrl The API root without the `/api/v1` path, e.g. `https://crm.example.ru` (default: the first
   * server of the contract, `http://localhost:5080`).
   * @param http The `fetch` to use (default: the global `fetch`).
   */
  constructor(baseUrl?: string, http?: HttpFetcher) {
    super(baseUrl, withoutEmptyIfMatch(http ?? { fetch: (url, init) => globalThis.fetch(url, init) }));
  }
}

function withoutEmptyIfMatch(http: HttpFetcher): HttpFetcher {
  return {
    fetch(url: RequestInfo, init?: RequestInit): Promise<Response> {
      if (init?.headers !== undefined) {
        const headers = new Headers(init.headers);
        if (headers.get("If-Match") === "") {
          headers.delete("If-Match");
          init = { ...init, headers };
        }
      }
      return http.fetch(url, init);
    },
  };
}

/** The `ETag` of a response (e.g. `"3"`), to send back as `If-Match`; `undefined` when the response has none. */
export function etagOf(response: ApiResponse<unknown>): string | undefined {
  const etag: unknown = response.headers["etag"];
  return typeof etag === "string" ? etag : undefined;
}

/** Whether a value looks like an RFC 9457 problem of this API (it has a numeric `status` and a string `code`). */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { status?: unknown }).status === "number" &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/**
 * The problem the API answered with when `error` is an {@link ApiException}: the parsed body NSwag put in `result`
 * for a documented error status, or else the raw `response` text parsed as a problem (e.g. a 500 `internal_error`).
 * `undefined` for anything else (network errors, aborts, bodies that are not problems).
 */
export function problemOf(error: unknown): Problem | undefined {
  if (!(error instanceof ApiException)) {
    return undefined;
  }
  if (isProblem(error.result)) {
    return error.result;
  }
  try {
    const parsed: unknown = JSON.parse(error.response);
    return isProblem(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// Signing in: OAuth tokens from /connect/token and a fetch that sends them (src/auth.ts).
export {
  OAuthError,
  TokenClient,
  createAuthenticatedFetch,
  defaultClientId,
  isStepUpChallenge,
  isTokenError,
  type TokenClientOptions,
  type TokenSet,
} from "./auth.js";
