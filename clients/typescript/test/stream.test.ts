import { describe, expect, it } from "vitest";
import {
  MakCrmClient,
  SseParser,
  TokenClient,
  openEventStream,
  type EventStream,
  type EventStreamOptions,
  type SseMessage,
  type StreamMessage,
} from "../src/index.js";
import { adminSession, baseUrl, createClient, expectProblem, newApi, partner } from "./helpers.js";

const api = newApi();

/** Opens a stream and resolves once the server has answered, so that what happens next is on it. */
async function opened(options: EventStreamOptions, client: MakCrmClient = api): Promise<{ stream: EventStream; messages: AsyncIterator<StreamMessage> }> {
  let open!: () => void;
  const isOpen = new Promise<void>((resolve) => { open = resolve; });
  const stream = client.openEventStream({ ...options, onOpen: (reconnected) => { options.onOpen?.(reconnected); open(); } });
  const messages = stream[Symbol.asyncIterator]();
  // The first read connects; it waits for a message, so it is left pending while the test acts.
  const first = messages.next();
  let wasOpen = false;
  void isOpen.then(() => { wasOpen = true; });
  const failed = first.then(
    () => { if (!wasOpen) throw new Error("the stream ended before it opened"); },
    (error: unknown) => { if (!wasOpen) throw error; },
  );
  await Promise.race([isOpen, failed]);
  return { stream, messages: prepend(first, messages) };
}

/** An iterator that gives the pending first read's result before reading on. */
function prepend(first: Promise<IteratorResult<StreamMessage>>, rest: AsyncIterator<StreamMessage>): AsyncIterator<StreamMessage> {
  let pending: Promise<IteratorResult<StreamMessage>> | undefined = first;
  return {
    next: () => {
      const next = pending ?? rest.next();
      pending = undefined;
      return next;
    },
    return: (value?: unknown) => rest.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
  };
}

/** The events read until `until` says stop (or the time runs out), keeping only those about the given resources. */
async function eventsAbout(messages: AsyncIterator<StreamMessage>, resources: readonly string[], until: (events: StreamMessage[]) => boolean, timeoutMs = 10_000): Promise<StreamMessage[]> {
  const about: StreamMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!until(about)) {
    const next = await Promise.race([
      messages.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(about)}`)), Math.max(0, deadline - Date.now()))),
    ]);
    if (next.done) break;
    if (next.value.kind === "event" && resources.includes(next.value.event.resourceId)) about.push(next.value);
  }
  return about;
}

function idsOf(events: StreamMessage[]): string[] {
  return events.map((m) => (m.kind === "event" ? m.event.resourceId : ""));
}

describe("openEventStream: the live stream over fetch", () => {
  it("receives a lead created after it opened, typed by its type", async () => {
    const { client } = await createClient(api);
    const { stream, messages } = await opened({ types: ["lead.created"] });
    try {
      const lead = (await api.createLead({ clientId: client.id, requestedAmount: 500_000, product: "consumer" })).result;
      const [message] = await eventsAbout(messages, [lead.id], (got) => got.length === 1);
      if (message?.kind !== "event" || message.event.type !== "lead.created") throw new Error("expected lead.created");
      expect(message.event.data.id).toBe(lead.id);
      expect(message.event.data.clientId).toBe(client.id);
      expect(message.id).toBe(String(message.event.sequence));
      expect(stream.lastEventId).toBe(message.id);
    } finally {
      stream.close();
    }
  });

  it("sends only the event types asked for", async () => {
    const { stream, messages } = await opened({ types: ["client.created"] });
    try {
      const { client } = await createClient(api);
      const lead = (await api.createLead({ clientId: client.id, requestedAmount: 400_000, product: "consumer" })).result;
      const second = (await createClient(api)).client;
      const got = await eventsAbout(messages, [client.id, lead.id, second.id], (events) => events.some((m) => m.kind === "event" && m.event.resourceId === second.id));
      expect(got.map((m) => (m.kind === "event" ? m.event.type : m.kind))).toEqual(["client.created", "client.created"]);
      expect(idsOf(got)).toEqual([client.id, second.id]);
    } finally {
      stream.close();
    }
  });

  it("resumes after a closed stream from lastEventId: the missed events once each, none repeated", async () => {
    const first = await opened({ types: ["client.created"] });
    const seen = (await createClient(api)).client;
    const [before] = await eventsAbout(first.messages, [seen.id], (got) => got.length === 1);
    await first.messages.return?.();
    expect(first.stream.lastEventId).toBe(before?.kind === "event" ? before.id : "");

    const missed = [(await createClient(api)).client.id, (await createClient(api)).client.id];
    const second = await opened({ types: ["client.created"], lastEventId: first.stream.lastEventId });
    try {
      const got = await eventsAbout(second.messages, [seen.id, ...missed], (events) => idsOf(events).includes(missed[1]!));
      expect(idsOf(got)).toEqual(missed);
      const sequences = got.map((m) => (m.kind === "event" ? m.event.sequence : 0));
      expect(sequences[0]).toBeGreaterThan(Number(first.stream.lastEventId));
      expect(sequences[1]).toBeGreaterThan(sequences[0]!);
    } finally {
      second.stream.close();
    }
  });

  /** A client whose first stream connection breaks, as a network would, once what it carried matches `breakAfter`. */
  function flakyClient(breakAfter: RegExp): { client: MakCrmClient; sentLastEventIds: (string | null)[] } {
    const session = adminSession();
    const sentLastEventIds: (string | null)[] = [];
    const client = new MakCrmClient(baseUrl, {
      async fetch(url: string, init?: RequestInit): Promise<Response> {
        const response = await session.fetch(url, init);
        if (!url.includes("/api/v1/stream")) return response;
        sentLastEventIds.push(new Headers(init?.headers).get("Last-Event-ID"));
        if (sentLastEventIds.length > 1) return response;
        const reader = response.body!.getReader();
        let carried = "";
        let broken = false;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (broken) {
              await reader.cancel();
              controller.error(new TypeError("network connection lost"));
              return;
            }
            const { done, value } = await reader.read();
            if (done) return controller.close();
            carried += new TextDecoder().decode(value);
            controller.enqueue(value);
            broken = breakAfter.test(carried) && carried.endsWith("\n\n");
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    return { client, sentLastEventIds };
  }

  it("reconnects by itself after a dropped connection with Last-Event-ID and misses nothing", async () => {
    const { client: flaky, sentLastEventIds } = flakyClient(/^event: client\.created$/m);
    const resources: string[] = [];
    let whileDown: Promise<void> | undefined;
    const { stream, messages } = await opened({
      types: ["client.created"],
      // Created while the stream is down: only the resume can bring it.
      onReconnect: () => { whileDown ??= createClient(api).then(({ client }) => { resources.push(client.id); }); },
    }, flaky);
    try {
      resources.push((await createClient(api)).client.id);
      const got = await eventsAbout(messages, resources, (events) => events.length === 2, 20_000);
      expect(idsOf(got)).toEqual(resources);
      expect(sentLastEventIds).toHaveLength(2);
      expect(sentLastEventIds[0]).toBeNull();
      expect(sentLastEventIds[1]).toBe(got[0]?.kind === "event" ? got[0].id : "");
      expect(stream.lastEventId).toBe(got[1]?.kind === "event" ? got[1].id : "");
    } finally {
      stream.close();
    }
  }, 30_000);

  it("resumes from where the stream started when the connection drops before any event", async () => {
    // The first message names the event the stream starts after; the connection breaks right after it.
    const { client: flaky, sentLastEventIds } = flakyClient(/^id: \d+$/m);
    const resources: string[] = [];
    let whileDown: Promise<void> | undefined;
    const { stream, messages } = await opened({
      types: ["client.created"],
      onReconnect: () => { whileDown ??= createClient(api).then(({ client }) => { resources.push(client.id); }); },
    }, flaky);
    try {
      const got = await eventsAbout(messages, resources, (events) => events.length === 1, 20_000);
      expect(idsOf(got)).toEqual(resources);
      expect(sentLastEventIds).toHaveLength(2);
      expect(sentLastEventIds[0]).toBeNull();
      expect(sentLastEventIds[1]).toMatch(/^\d+$/);
      expect(Number(got[0]?.kind === "event" ? got[0].id : 0)).toBeGreaterThan(Number(sentLastEventIds[1]));
    } finally {
      stream.close();
    }
  }, 30_000);

  it("opens with a single-use stream ticket instead of the header", async () => {
    const { stream, messages } = await opened({ types: ["client.created"], auth: "ticket" });
    try {
      const { client } = await createClient(api);
      const got = await eventsAbout(messages, [client.id], (events) => events.length === 1);
      expect(idsOf(got)).toEqual([client.id]);
    } finally {
      stream.close();
    }
  });

  it("fails with the API's problem, not a retry loop: 401 for a bad token, 400 for an unknown type", async () => {
    const badToken = new MakCrmClient(baseUrl, {
      fetch: (url: string, init?: RequestInit) =>
        globalThis.fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: "Bearer not-a-token" } }),
    });
    await expectProblem(drain(badToken.openEventStream()), 401, "unauthorized");
    await expectProblem(drain(openEventStream(api, { types: ["lead.nothing" as never] })), 400, "validation_failed");
  });

  it("answers 429 stream_limit_reached to a sixth stream of one user", async () => {
    const tokens = new TokenClient(baseUrl);
    await tokens.signIn(partner.email, partner.password);
    const partnerApi = new MakCrmClient(baseUrl, tokens);
    const open: EventStream[] = [];
    try {
      for (let i = 0; i < 5; i++) open.push((await opened({}, partnerApi)).stream);
      await expectProblem(drain(partnerApi.openEventStream()), 429, "stream_limit_reached");
    } finally {
      for (const stream of open) stream.close();
    }
  });
});

async function drain(stream: EventStream): Promise<void> {
  for await (const message of stream) void message;
}

describe("SseParser (WHATWG server-sent events)", () => {
  function parse(...chunks: string[]): { messages: SseMessage[]; retries: number[]; comments: string[] } {
    const messages: SseMessage[] = [];
    const retries: number[] = [];
    const comments: string[] = [];
    const parser = new SseParser({ message: (m) => messages.push(m), retry: (ms) => retries.push(ms), comment: (c) => comments.push(c) });
    for (const chunk of chunks) parser.push(chunk);
    return { messages, retries, comments };
  }

  it("joins data lines with \\n, defaults the type to message and keeps the last id", () => {
    const { messages } = parse("data: one\ndata:two\ndata\n\nid: 7\nevent: lead.created\ndata: {}\n\ndata: x\n\n");
    expect(messages).toEqual([
      { type: "message", data: "one\ntwo\n", lastEventId: "" },
      { type: "lead.created", data: "{}", lastEventId: "7" },
      { type: "message", data: "x", lastEventId: "7" },
    ]);
  });

  it("takes CRLF, CR and LF line ends, also split across chunks, and drops one leading BOM", () => {
    const { messages } = parse("\uFEFFdata: a\r", "\ndata: b\r\r", "id: 3\r\n", "data: c\n", "\n");
    expect(messages).toEqual([
      { type: "message", data: "a\nb", lastEventId: "" },
      { type: "message", data: "c", lastEventId: "3" },
    ]);
    expect(parse("\uFEFF\uFEFFdata: x\n\n").messages).toEqual([]);
  });

  it("reassembles a message split anywhere across reads", () => {
    const text = "retry: 3000\n\nid: 1042\nevent: lead.created\ndata: {\"id\":\"é\"}\n\n";
    for (let cut = 1; cut < text.length; cut++) {
      const { messages, retries } = parse(text.slice(0, cut), text.slice(cut));
      expect(messages).toEqual([{ type: "lead.created", data: "{\"id\":\"é\"}", lastEventId: "1042" }]);
      expect(retries).toEqual([3000]);
    }
  });

  it("reports comments as heartbeats, ignores unknown fields, a bad retry, an id with NULL and an unterminated message", () => {
    const { messages, retries, comments } = parse(": keep-alive\n\nfoo: bar\nretry: 1s\nid: 1\0\ndata: y\n\nid: 5\n\ndata: never ended\n");
    expect(comments).toEqual(["keep-alive"]);
    expect(retries).toEqual([]);
    expect(messages).toEqual([{ type: "message", data: "y", lastEventId: "" }]);
  });

  it("counts an id sent with no data for the next message", () => {
    const { messages } = parse("id: 9\n\ndata: z\n\n");
    expect(messages).toEqual([{ type: "message", data: "z", lastEventId: "9" }]);
  });
});
