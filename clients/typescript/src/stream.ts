// The live stream (GET /api/v1/stream) over `fetch`, without `EventSource`: a server-sent events parser per the WHATWG
// HTML standard ("server-sent events", the event stream interpretation), typed messages, and reconnection that resumes
// with `Last-Event-ID` after a drop. Works wherever `fetch` streams response bodies (browsers, Node.js 20+).
import {
  ApiException,
  MakCrmClient as GeneratedMakCrmClient,
  type EventType,
  type LotLiveState,
  type Notification,
} from "./generated/client.js";
import type { TypedEvent } from "./generated/contract.js";

/** One message of a `text/event-stream`, as the standard dispatches it. */
export interface SseMessage {
  /** The `event:` field, `message` when the message has none. */
  type: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
  /** The last event ID when the message was dispatched (the latest `id:` so far, this message's or an earlier one's). */
  lastEventId: string;
}

/** What the parser reports besides messages. */
export interface SseParserHandlers {
  /** A complete message with data. */
  message(message: SseMessage): void;
  /**
   * A message with an `id:` and no data, which is not dispatched but sets the last event ID (the stream's first
   * message names the event it starts after this way), in order with the messages.
   */
  lastEventId?(id: string): void;
  /** A `retry:` field: the reconnection time the server asks for, in milliseconds. */
  retry?(milliseconds: number): void;
  /** A comment line (`: keep-alive`), without the colon: the server's heartbeat. */
  comment?(text: string): void;
}

/**
 * Parses a `text/event-stream` given as decoded text in chunks of any size (a line, a field or a CRLF may be split
 * across chunks): one leading BOM is dropped, lines end with CRLF, LF or CR, `data:` lines are joined with `\n`, one
 * space after the colon is dropped, a line without a colon is a field with an empty value, unknown fields are ignored,
 * an `id` with NULL is ignored, `retry` counts only when it is all ASCII digits, and a message with no data is not
 * dispatched (its `id` still counts). What is left unterminated when the stream ends is discarded, as the standard says.
 */
export class SseParser {
  private buffer = "";
  private started = false;
  private skipLineFeed = false;
  private data: string[] = [];
  private type = "";
  private lastEventIdBuffer = "";
  private sawId = false;

  constructor(private readonly handlers: SseParserHandlers, lastEventId = "") {
    this.lastEventIdBuffer = lastEventId;
  }

  /** The last event ID so far (set by `id:` fields, kept across messages). */
  get lastEventId(): string {
    return this.lastEventIdBuffer;
  }

  /** Feeds the next piece of the stream. */
  push(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let text = this.buffer + chunk;
    this.buffer = "";
    let start = 0;
    if (this.skipLineFeed && text.length > 0) {
      // The CR that ended the previous chunk was the first half of a CRLF.
      this.skipLineFeed = false;
      if (text.charCodeAt(0) === 0x0a) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      this.line(text.slice(start, i));
      if (c === 0x0d) {
        if (i + 1 === text.length) {
          this.skipLineFeed = true;
        } else if (text.charCodeAt(i + 1) === 0x0a) {
          i++;
        }
      }
      start = i + 1;
    }
    this.buffer = text.slice(start);
    text = "";
  }

  private line(line: string): void {
    if (line === "") {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 0x3a) {
      this.handlers.comment?.(line.slice(1).replace(/^ /, ""));
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case "event":
        this.type = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) {
          this.lastEventIdBuffer = value;
          this.sawId = true;
        }
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.handlers.retry?.(Number(value));
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    const data = this.data;
    const type = this.type;
    const sawId = this.sawId;
    this.data = [];
    this.type = "";
    this.sawId = false;
    if (data.length === 0) {
      if (sawId) this.handlers.lastEventId?.(this.lastEventIdBuffer);
      return;
    }
    this.handlers.message({ type: type === "" ? "message" : type, data: data.join("\n"), lastEventId: this.lastEventIdBuffer });
  }
}

/** A message of the stream, by kind. */
export type StreamMessage =
  /** An event the caller may see, `data` typed by its `type`; `id` is its sequence (what `Last-Event-ID` resumes after). */
  | { kind: "event"; id: string; event: TypedEvent }
  /** The signed-in user's new notification (not replayed after a reconnection: read `listNotifications` then). */
  | { kind: "notification"; notification: Notification }
  /** A lot's live state after a bid on it (not replayed after a reconnection). */
  | { kind: "lot_state"; lotState: LotLiveState }
  /** A message of a kind this version of the client does not know, as sent. */
  | { kind: "other"; type: string; data: string };

/** When and how often the stream connects again after it dropped. */
export interface StreamReconnectOptions {
  /** The first wait, in milliseconds, until the server's `retry:` says otherwise (default 3000). */
  initialDelayMs?: number | undefined;
  /** The longest wait: after each failed attempt in a row the wait doubles up to this (default 30 000). */
  maxDelayMs?: number | undefined;
  /** Failed attempts in a row (no answer, 5xx) after which the stream gives up with the last error (default: never). */
  maxAttempts?: number | undefined;
}

export interface EventStreamOptions {
  /** Only events of these types; notifications and lot states are not filtered. */
  types?: readonly EventType[] | undefined;
  /** Resume after this event `id` (an event's `sequence`); without it the stream starts with what happens from now on. */
  lastEventId?: string | undefined;
  /** Aborting it closes the stream; the iteration then ends without an error. */
  signal?: AbortSignal | undefined;
  /**
   * How the stream request is authenticated: `"header"` (default) sends it through the client's `fetch`, which adds
   * the access token (a {@link TokenClient}); `"ticket"` gets a single-use stream ticket through the client
   * (`createStreamTicket`) for each connection and opens the stream with `fetch` and `?ticket=`, no header.
   */
  auth?: "header" | "ticket" | undefined;
  /** The `fetch` of the ticketed stream request (default: the global `fetch`); only with `auth: "ticket"`. */
  ticketFetch?: ((url: string, init?: RequestInit) => Promise<Response>) | undefined;
  /** Reconnection after a drop; `false`: the stream ends when the connection does. */
  reconnect?: StreamReconnectOptions | false | undefined;
  /**
   * Told when a connection is open (the server answered 200): from then on the stream carries what happens. After a
   * reconnection (`reconnected`), re-read what the stream does not replay (notifications, lots).
   */
  onOpen?: ((reconnected: boolean) => void) | undefined;
  /** Told of each drop before the stream connects again (the error, or `undefined` when the server ended the stream). */
  onReconnect?: ((attempt: number, error: unknown) => void) | undefined;
}

/** Where a stream is opened: the API root (without `/api/v1`) and the `fetch` to send through. */
export interface StreamTarget {
  baseUrl: string;
  http: { fetch(url: string, init?: RequestInit): Promise<Response> };
}

/**
 * A live stream: iterate it with `for await`; leaving the loop (or aborting the signal, or {@link EventStream.close})
 * closes the connection. A problem answer (401, 403, 410 `event_cursor_expired`, 429 `stream_limit_reached`, ...) ends
 * the iteration with an {@link ApiException}; a dropped connection is reopened with `Last-Event-ID`, so events are
 * neither skipped nor repeated.
 */
export class EventStream implements AsyncIterable<StreamMessage> {
  private readonly stop = new AbortController();
  private lastId: string | undefined;
  private iterating = false;

  constructor(private readonly target: StreamTarget, private readonly options: EventStreamOptions = {}) {
    this.lastId = options.lastEventId;
  }

  /** The `id` of the last event received (or the `lastEventId` it started after): where a new stream would resume. */
  get lastEventId(): string | undefined {
    return this.lastId;
  }

  /** Closes the connection; an iteration in progress ends. */
  close(): void {
    this.stop.abort();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamMessage> {
    if (this.iterating) throw new Error("An EventStream can be iterated once; open another for a second reader.");
    this.iterating = true;
    return this.messages();
  }

  private async *messages(): AsyncGenerator<StreamMessage, void, undefined> {
    const outer = this.options.signal;
    const onAbort = (): void => this.stop.abort();
    outer?.addEventListener("abort", onAbort, { once: true });
    if (outer?.aborted) this.stop.abort();
    const reconnect = this.options.reconnect === false ? undefined : this.options.reconnect ?? {};
    let delay = reconnect?.initialDelayMs ?? 3000;
    const maxDelay = reconnect?.maxDelayMs ?? 30_000;
    let failures = 0;
    let opened = false;
    try {
      while (!this.stop.signal.aborted) {
        let error: unknown;
        try {
          const response = await this.connect();
          failures = 0;
          this.options.onOpen?.(opened);
          opened = true;
          const pending: SseMessage[] = [];
          const parser = new SseParser({
            message: (message) => pending.push(message),
            // The stream's first message names where it starts: a drop before any event resumes from there.
            lastEventId: (id) => pending.push({ type: "", data: "", lastEventId: id }),
            retry: (ms) => { delay = ms; },
          }, this.lastId ?? "");
          // The parser drops the one leading BOM itself, as the standard says; the decoder keeps it.
          const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
          const reader = response.body!.getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              parser.push(decoder.decode(value, { stream: true }));
              while (pending.length > 0) {
                const next = pending.shift()!;
                if (next.type === "") {
                  if (next.lastEventId !== "") this.lastId = next.lastEventId;
                  continue;
                }
                const message = toStreamMessage(next);
                if (message.kind === "event") this.lastId = message.id;
                yield message;
              }
            }
          } finally {
            reader.cancel().catch(() => undefined);
          }
        } catch (caught) {
          if (this.stop.signal.aborted) return;
          if (caught instanceof ApiException && caught.status < 500) throw caught;
          error = caught;
          failures++;
        }
        if (this.stop.signal.aborted || reconnect === undefined) return;
        if (reconnect.maxAttempts !== undefined && failures >= reconnect.maxAttempts) throw error;
        this.options.onReconnect?.(failures, error);
        // The server's retry: after a drop; each further failure in a row doubles it, up to maxDelayMs.
        await pause(Math.min(maxDelay, delay * 2 ** Math.max(0, failures - 1)), this.stop.signal);
      }
    } finally {
      outer?.removeEventListener("abort", onAbort);
      this.stop.abort();
    }
  }

  /** Opens one connection and returns the 200 answer, or throws the API's problem as an {@link ApiException}. */
  private async connect(): Promise<Response> {
    const params = new URLSearchParams();
    for (const type of this.options.types ?? []) params.append("types", type);
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (this.lastId !== undefined) headers["Last-Event-ID"] = this.lastId;
    let send = (url: string, init?: RequestInit): Promise<Response> => this.target.http.fetch(url, init);
    if (this.options.auth === "ticket") {
      const tickets = new GeneratedMakCrmClient(this.target.baseUrl, this.target.http);
      params.append("ticket", (await tickets.createStreamTicket(this.stop.signal)).result.ticket);
      send = this.options.ticketFetch ?? ((url, init) => globalThis.fetch(url, init));
    }
    const query = params.toString();
    const url = `${this.target.baseUrl}/api/v1/stream${query === "" ? "" : `?${query}`}`;
    const response = await send(url, { method: "GET", headers, signal: this.stop.signal });
    if (response.status === 200 && response.body !== null) return response;
    const text = await response.text().catch(() => "");
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => { responseHeaders[name] = value; });
    let problem: unknown = null;
    try { problem = text === "" ? null : JSON.parse(text); } catch { problem = null; }
    throw new ApiException("The stream could not be opened.", response.status, text, responseHeaders, problem, "openStream");
  }
}

/** The stream message of one parsed SSE message. */
export function toStreamMessage(message: SseMessage): StreamMessage {
  switch (message.type) {
    case "notification":
      return { kind: "notification", notification: JSON.parse(message.data) as Notification };
    case "lot_state":
      return { kind: "lot_state", lotState: JSON.parse(message.data) as LotLiveState };
    default:
      // Events are named by their type (`lead.created`); every other kind has a plain name.
      if (message.type.includes(".") && message.lastEventId !== "") {
        return { kind: "event", id: message.lastEventId, event: JSON.parse(message.data) as TypedEvent };
      }
      return { kind: "other", type: message.type, data: message.data };
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
