// The public surface of @mak-crm/client: the NSwag-generated client and DTO types (src/generated/client.ts, from
// api-spec/openapi.yaml through the templates in templates/, never edited by hand), the contract's problem codes and
// version (src/generated/contract.ts), a thin hand-written layer that adds retries and paging to the generated client,
// the live stream over fetch of src/stream.ts, and the sign-in helper of src/auth.ts.
import {
  ApiException,
  MakCrmClient as GeneratedMakCrmClient,
  type ApiResponse,
  type Problem as GeneratedProblem,
} from "./generated/client.js";
import type { ProblemCode } from "./generated/contract.js";
import { EventStream, type EventStreamOptions, type StreamTarget } from "./stream.js";
import { sendObserved, withCallHeaders, type CallHook } from "./transport.js";

export * from "./generated/client.js";
export * from "./generated/contract.js";

/** An RFC 9457 problem of this API, its `code` one of the contract's {@link ProblemCode}s. */
export type Problem = GeneratedProblem & { code: ProblemCode };

/** Anything with a WHATWG `fetch`: `globalThis`, `window`, a {@link TokenClient} (adds the access token), ... */
export interface HttpFetcher {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/**
 * When a call is sent again after 429 (too many requests) or 503 (service unavailable). Only calls that are safe to
 * repeat are: `GET` and `HEAD`, and calls that carry an `Idempotency-Key` (every operation that takes one gets a
 * random key when the caller passes none, so a repeat is answered with the first result instead of acting twice).
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 turns retries off). */
  maxAttempts?: number | undefined;
  /** The longest the waits of one call may add up to, in milliseconds (default 30 000). A `Retry-After` that asks for more is not waited for: the call fails with that 429 or 503. */
  maxTotalDelayMs?: number | undefined;
  /** The wait before the first retry when the answer has no `Retry-After`, doubled for each further one (default 500 ms). */
  baseDelayMs?: number | undefined;
  /** The statuses to retry (default 429 and 503). */
  statuses?: readonly number[] | undefined;
}

export interface MakCrmClientOptions {
  /** Retries of 429 and 503 answers (see {@link RetryOptions}); `false` turns them off. Default: on, with the defaults. */
  retry?: RetryOptions | false | undefined;
  /**
   * Called after every attempt of every call with its operation, method, path template, status, duration, attempt,
   * pending retry and trace id (see {@link CallEvent}): for logs, metrics or traces. It never sees a query, a body or
   * a token.
   *
   * ```ts
   * const api = new MakCrmClient(baseUrl, tokens, {
   *   onCall: (call) => console.log(`${call.operationId} ${call.status} ${call.durationMs} ms trace ${call.traceId}`),
   * });
   * ```
   */
  onCall?: CallHook | undefined;
}

/** A page of any list operation of the API: its `items` and the `nextCursor` that asks for the next page (`null` on the last). */
export interface CursorPage {
  items: readonly unknown[];
  nextCursor?: string | null | undefined;
  /** The event feed's cursor is always set; this says whether to ask again. */
  hasMore?: boolean | undefined;
}

/**
 * The MaK CRM API client: one method per operation of the contract, each returning an {@link ApiResponse}
 * (`status`, `headers` with lower-cased names, `result`) or rejecting with an {@link ApiException}. List operations
 * take their query parameters by name (`listLeads({ status: ["new"], cursor, limit: 50 })`).
 *
 * On top of the generated class it uses the global `fetch` by default, repeats calls that are safe to repeat on 429
 * and 503 (see {@link RetryOptions}), and pages through lists ({@link MakCrmClient.paginate}).
 */
export class MakCrmClient extends GeneratedMakCrmClient {
  /** Where {@link MakCrmClient.openEventStream} connects: the API root and the `fetch` without retries. */
  readonly #streamTarget: StreamTarget;

  /**
   * @param baseUrl The API root without the `/api/v1` path, e.g. `https://crm.example.ru` (default: the first
   * server of the contract, `http://localhost:5080`).
   * @param http The `fetch` to use (default: the global `fetch`), e.g. a signed-in {@link TokenClient}.
   * @param options Retries (on by default).
   */
  constructor(baseUrl?: string, http?: HttpFetcher, options: MakCrmClientOptions = {}) {
    const send = http ?? { fetch: (url: string, init?: RequestInit) => globalThis.fetch(url, init) };
    super(baseUrl, retrying(send, options.retry === false ? { maxAttempts: 1 } : options.retry ?? {}, options.onCall));
    this.#streamTarget = { baseUrl: baseUrl ?? "http://localhost:5080", http: send };
  }

  /**
   * The live stream (`GET /api/v1/stream`) as an async iterator of typed messages, over `fetch` (no `EventSource`
   * needed): events (`kind: "event"`, narrowed with {@link isEventOf}), notifications and lots' live state. A dropped
   * connection is reopened with `Last-Event-ID`, so no event is skipped or repeated; a problem answer (401, 403,
   * 429 `stream_limit_reached`, ...) ends the iteration with an {@link ApiException}. See {@link EventStreamOptions}.
   *
   * ```ts
   * const controller = new AbortController();
   * for await (const message of api.openEventStream({ types: ["lead.created"], signal: controller.signal })) {
   *   if (message.kind === "event") console.log(message.id, message.event.data);
   * }
   * ```
   */
  openEventStream(options: EventStreamOptions = {}): EventStream {
    return new EventStream(this.#streamTarget, options);
  }

  /**
   * Every item of a list, page after page, as an async iterator: `fetchPage` is called with `undefined` for the first
   * page and then with each page's `nextCursor`, until it is `null` (or, for the event feed, `hasMore` is false).
   *
   * ```ts
   * for await (const lead of api.paginate((cursor) => api.listLeads({ status: ["new"], cursor }))) { ... }
   * ```
   */
  paginate<P extends CursorPage>(
    fetchPage: (cursor: string | undefined) => Promise<ApiResponse<P>>,
  ): AsyncGenerator<P["items"][number], void, undefined> {
    return paginate(fetchPage);
  }
}

/**
 * {@link MakCrmClient.openEventStream} for a client, or for a `baseUrl` and a `fetch` (e.g. a signed-in
 * {@link TokenClient}): `openEventStream({ baseUrl, http: tokens }, { types: ["lead.created"] })`.
 */
export function openEventStream(api: MakCrmClient | StreamTarget, options: EventStreamOptions = {}): EventStream {
  return api instanceof MakCrmClient ? api.openEventStream(options) : new EventStream(api, options);
}

/** {@link MakCrmClient.paginate} for any function that fetches a page by its cursor. */
export async function* paginate<P extends CursorPage>(
  fetchPage: (cursor: string | undefined) => Promise<ApiResponse<P>>,
): AsyncGenerator<P["items"][number], void, undefined> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = (await fetchPage(cursor)).result;
    yield* page.items as P["items"][number][];
    const next = page.nextCursor;
    // A feed whose cursor is always set (the event feed) says with hasMore whether to ask again.
    if (next === null || next === undefined || page.hasMore === false) {
      return;
    }
    if (seen.has(next)) {
      throw new Error(`paginate: the cursor ${next} came back twice; the fetchPage callback must pass its cursor on`);
    }
    seen.add(next);
    cursor = next;
  }
}

/**
 * A `fetch` that sends a call again on a retryable status, waiting as `Retry-After` says, within the bounds of
 * `options`; every attempt carries a `traceparent` and the SDK's `User-Agent`, and is reported to `hook`.
 */
function retrying(http: HttpFetcher, options: RetryOptions, hook: CallHook | undefined): HttpFetcher {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const maxTotalDelayMs = options.maxTotalDelayMs ?? 30_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const statuses = options.statuses ?? [429, 503];
  return {
    async fetch(url: string, init?: RequestInit): Promise<Response> {
      const method = (init?.method ?? "GET").toUpperCase();
      const repeatable = method === "GET" || method === "HEAD" || new Headers(init?.headers).has("Idempotency-Key");
      // One trace for the call and its retries (one traceparent), as the server's log and problems will show.
      const call = withCallHeaders(init).init;
      let waited = 0;
      for (let attempt = 1; ; attempt++) {
        // The wait before the next attempt, or undefined when this answer is the call's.
        const nextDelay = (response: Response): number | undefined => {
          if (!repeatable || attempt >= maxAttempts || !statuses.includes(response.status)) return undefined;
          const delay = retryAfterMs(response.headers.get("Retry-After")) ?? baseDelayMs * 2 ** (attempt - 1);
          return waited + delay > maxTotalDelayMs ? undefined : delay;
        };
        const send = (input: string | URL | Request, sent?: RequestInit): Promise<Response> => http.fetch(String(input), sent);
        const { response, retryInMs: delay } = await sendObserved(send, url, call, hook, attempt, nextDelay);
        if (delay === undefined) {
          return response;
        }
        await response.body?.cancel();
        await sleep(delay, init?.signal ?? undefined);
        waited += delay;
      }
    },
  };
}

/** The wait a `Retry-After` header asks for (delay-seconds or an HTTP date), in milliseconds; `undefined` without one. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** The `ETag` of a response (e.g. `"3"`), to send back as `If-Match`; `undefined` when the response has none. */
export function etagOf(response: ApiResponse<unknown>): string | undefined {
  const etag: unknown = response.headers["etag"];
  return typeof etag === "string" ? etag : undefined;
}

/**
 * The problem the API answered with when `error` is an {@link ApiException} (the same as `error.problem`);
 * `undefined` for anything else (network errors, aborts, bodies that are not problems).
 */
export function problemOf(error: unknown): Problem | undefined {
  return error instanceof ApiException ? error.problem : undefined;
}

// The live stream over fetch: a server-sent events parser and reconnection with Last-Event-ID (src/stream.ts).
export {
  EventStream,
  SseParser,
  toStreamMessage,
  type EventStreamOptions,
  type SseMessage,
  type SseParserHandlers,
  type StreamMessage,
  type StreamReconnectOptions,
  type StreamTarget,
} from "./stream.js";

// What each call carries and reports: traceparent, User-Agent, the call hook (src/transport.ts).
export { operationOf, userAgent, type CallEvent, type CallHook } from "./transport.js";

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
