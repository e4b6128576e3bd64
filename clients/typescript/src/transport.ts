// What every request of the SDK carries and reports, whatever `fetch` sends it: a W3C `traceparent` (the trace id the
// server logs and puts in its problems' `traceId`), the SDK's `User-Agent` outside browsers, and one call event per
// attempt for a hook of the application (logging, metrics, tracing) — never the query, a body or a token.
import { contractVersion, operations, type ContractOperation } from "./generated/contract.js";

/** What a `fetch` is sent to: a URL (the generated client sends strings) or a `Request`. */
export type FetchInput = string | URL | Request;

/** A WHATWG `fetch`. */
export type Fetch = (input: FetchInput, init?: RequestInit) => Promise<Response>;

/** One attempt of a call, as the {@link CallHook} sees it. */
export interface CallEvent {
  /** The contract's `operationId` (e.g. `listLeads`); `undefined` for a URL that is no operation of the contract. */
  operationId: string | undefined;
  /** The HTTP method, e.g. `GET`. */
  method: string;
  /** The path template, e.g. `/api/v1/leads/{id}` (`undefined` with `operationId`): never the path's ids or the query. */
  pathTemplate: string | undefined;
  /** The status of the answer; `undefined` when none came (network error, abort). */
  status: number | undefined;
  /** How long the attempt took, in milliseconds. */
  durationMs: number;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** When the call will be sent again (429 or 503 of a call that is safe to repeat): the wait in milliseconds. */
  retryInMs: number | undefined;
  /** The W3C trace id of the request (32 hex digits), which the server's logs and problem `traceId` carry. */
  traceId: string;
  /** What the attempt failed with, when no answer came. */
  error: unknown;
}

/** Called after every attempt of every call; an exception it throws is ignored. */
export type CallHook = (event: CallEvent) => void;

/** The SDK's `User-Agent` outside browsers, e.g. `@mak-crm/client/1.0.0 node/20.19.0`. */
export const userAgent: string | undefined = (() => {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  return versions?.node === undefined ? undefined : `@mak-crm/client/${contractVersion} node/${versions.node}`;
})();

// Templates with more literal segments first, so that `/api/v1/leads/export` wins over `/api/v1/leads/{id}`.
const matchers: { operation: ContractOperation; pattern: RegExp }[] = [...operations]
  .sort((a, b) => literals(b.path) - literals(a.path))
  .map((operation) => ({
    operation,
    pattern: new RegExp(
      "(?:^|/)" +
        operation.path.slice(1).split("/").map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/") +
        "/?$",
    ),
  }));

function literals(path: string): number {
  return path.split("/").filter((s) => s !== "" && !s.startsWith("{")).length;
}

/** The operation of the contract a request is for, by its method and path (a path prefix such as `/gateway` is allowed). */
export function operationOf(method: string, url: string): ContractOperation | undefined {
  let path: string;
  try {
    path = new URL(url, "http://relative.invalid").pathname;
  } catch {
    return undefined;
  }
  return matchers.find(({ operation, pattern }) => operation.method === method && pattern.test(path))?.operation;
}

function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(values);
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The request's headers with a `traceparent` (a new trace unless one is there) and, outside browsers, the SDK's
 * `User-Agent` after any the application set; as a plain object, as the generated client sends them, so that a
 * `fetch` of the application may spread them and set headers of its own under their usual names.
 */
export function withCallHeaders(init: RequestInit | undefined): { init: RequestInit; traceId: string } {
  const given = init?.headers;
  const headers: Record<string, string> =
    given instanceof Headers ? Object.fromEntries(given.entries())
    : Array.isArray(given) ? Object.fromEntries(given)
    : { ...(given as Record<string, string> | undefined) };
  const named = (name: string): string | undefined => Object.keys(headers).find((key) => key.toLowerCase() === name);
  const parentKey = named("traceparent");
  const parent = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(parentKey === undefined ? "" : headers[parentKey]!);
  const traceId = parent?.[1] ?? randomHex(16);
  if (!parent) headers[parentKey ?? "traceparent"] = `00-${traceId}-${randomHex(8)}-00`;
  const agentKey = named("user-agent");
  if (userAgent !== undefined && !(agentKey !== undefined && headers[agentKey]!.includes("@mak-crm/client/"))) {
    headers[agentKey ?? "User-Agent"] = agentKey === undefined ? userAgent : `${headers[agentKey]} ${userAgent}`;
  }
  return { init: { ...init, headers }, traceId };
}

/** Sends one attempt through `send` with the call headers and reports it to `hook` (errors of the hook are ignored). */
export async function sendObserved(
  send: Fetch,
  input: FetchInput,
  init: RequestInit | undefined,
  hook: CallHook | undefined,
  attempt: number,
  willRetry: (response: Response) => number | undefined,
): Promise<{ response: Response; retryInMs: number | undefined }> {
  const { init: sent, traceId } = withCallHeaders(init);
  const method = (sent.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const url = input instanceof Request ? input.url : String(input);
  const started = Date.now();
  const report = (status: number | undefined, retryInMs: number | undefined, error: unknown): void => {
    if (hook === undefined) return;
    const operation = operationOf(method, url);
    try {
      hook({
        operationId: operation?.id,
        method,
        pathTemplate: operation?.path,
        status,
        durationMs: Date.now() - started,
        attempt,
        retryInMs,
        traceId,
        error,
      });
    } catch {
      // A hook never breaks a call.
    }
  };
  let response: Response;
  try {
    response = await send(input, sent);
  } catch (error) {
    report(undefined, undefined, error);
    throw error;
  }
  const retryInMs = willRetry(response);
  report(response.status, retryInMs, undefined);
  return { response, retryInMs };
}
