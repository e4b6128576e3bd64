// Outgoing webhooks verified by an independent implementation: the npm `standardwebhooks` package (the Standard
// Webhooks reference verifier) checks every delivery a local Node receiver gets from the API.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, newApi } from "./helpers.js";

const api = newApi();

interface Received {
  headers: Record<string, string>;
  body: Buffer;
}

const received: Received[] = [];
let server: Server;
let url: string;

function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        headers: {
          "webhook-id": header(request, "webhook-id"),
          "webhook-timestamp": header(request, "webhook-timestamp"),
          "webhook-signature": header(request, "webhook-signature"),
        },
        body: Buffer.concat(chunks),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mak`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function deliveryOf(predicate: (event: { type: string; resourceId?: string }) => boolean): Promise<Received> {
  for (let i = 0; i < 150; i++) {
    const found = received.find((r) => predicate(JSON.parse(r.body.toString("utf8")) as { type: string; resourceId?: string }));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no such delivery arrived");
}

describe("webhooks", () => {
  it("delivers an event triggered through the API, signed so that standardwebhooks verifies it", async () => {
    const subscribed = (await api.createWebhook({ url, eventTypes: ["client.created"], description: "vitest" })).result;
    expect(subscribed.secret).toMatch(/^whsec_/);

    const { client } = await createClient(api);

    const delivery = await deliveryOf((event) => event.type === "client.created" && event.resourceId === client.id);
    const event = new Webhook(subscribed.secret).verify(delivery.body.toString("utf8"), delivery.headers) as { id: string; type: string };
    expect(event.type).toBe("client.created");
    expect(delivery.headers["webhook-id"]).toBe(`msg_${event.id}`);
    expect(() => new Webhook("whsec_" + Buffer.alloc(32, 7).toString("base64")).verify(delivery.body.toString("utf8"), delivery.headers)).toThrow();

    // The sender records the attempt after the receiver has answered, so the log may trail the delivery a moment.
    let logged: string[] = [];
    for (let i = 0; i < 50 && !logged.includes(delivery.headers["webhook-id"]); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const log = (await api.listWebhookDeliveries(subscribed.subscription.id, { status: "succeeded" })).result;
      logged = log.items.map((d) => d.messageId);
    }
    expect(logged).toContain(delivery.headers["webhook-id"]);
    await api.deleteWebhook(subscribed.subscription.id);
  });

  it("signs with both secrets after a rotation, so the receiver verifies with either", async () => {
    const subscribed = (await api.createWebhook({ url, eventTypes: ["client.created"] })).result;
    const rotated = (await api.rotateWebhookSecret(subscribed.subscription.id)).result;
    expect(rotated.secret).not.toBe(subscribed.secret);

    const ping = (await api.pingWebhook(subscribed.subscription.id)).result;
    expect(ping.status).toBe("succeeded");

    const delivery = await deliveryOf((event) => event.type === "webhook.ping");
    expect(delivery.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const secret of [subscribed.secret, rotated.secret]) {
      expect(new Webhook(secret).verify(delivery.body.toString("utf8"), delivery.headers)).toMatchObject({ type: "webhook.ping" });
    }
    await api.deleteWebhook(subscribed.subscription.id);
  });
});
