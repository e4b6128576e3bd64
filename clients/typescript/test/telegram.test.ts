import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient } from "../src/index.js";
import { baseUrl, expectProblem, partner } from "./helpers.js";

async function partnerApi(): Promise<MakCrmClient> {
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(partner.email, partner.password);
  return new MakCrmClient(baseUrl, tokens);
}

describe("Telegram links", () => {
  it("gives a signed-in user a one-time code with the bot's deep link, replayed for a retried key", async () => {
    const api = await partnerApi();
    const key = randomUUID();

    const first = await api.createMyTelegramLinkCode(key);
    const retry = await api.createMyTelegramLinkCode(key);

    expect(first.status).toBe(201);
    expect(first.result.code).toMatch(/^lk_[A-Za-z0-9_-]+$/);
    expect(first.result.deepLink).toBe(`https://t.me/mak_crm_bot?start=${first.result.code}`);
    expect(Date.parse(first.result.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.result).toEqual(first.result);

    const another = await api.createMyTelegramLinkCode(randomUUID());
    expect(another.result.code).not.toBe(first.result.code);
  });

  it("lists the user's links and answers 404 for a link that is not the user's", async () => {
    const api = await partnerApi();
    expect(Array.isArray((await api.listMyTelegramLinks()).result.items)).toBe(true);
    await expectProblem(api.removeMyTelegramLink(randomUUID()), 404, "not_found");
  });

  it("keeps the bot's operations from a user", async () => {
    const api = await partnerApi();
    await expectProblem(
      api.redeemTelegramLinkCode({ code: "lk_made_up", telegramUserId: 5213344556, chatId: 5213344556 }),
      403,
      "forbidden",
    );
    await expectProblem(api.removeTelegramGroupLink(-1001234567890), 403, "forbidden");
  });
});

describe("WhatsApp links", () => {
  it("lists the user's WhatsApp links and answers 404 for a link that is not the user's", async () => {
    const api = await partnerApi();
    expect(Array.isArray((await api.listMyWhatsAppLinks()).result.items)).toBe(true);
    await expectProblem(api.removeMyWhatsAppLink(randomUUID()), 404, "not_found");
  });

  it("gives the link code a WhatsApp link field, null while the bot has no WhatsApp number", async () => {
    const api = await partnerApi();
    const code = (await api.createMyTelegramLinkCode(randomUUID())).result;
    expect(code).toHaveProperty("whatsAppLink");
    expect(code.whatsAppLink).toBeNull();
  });

  it("keeps the bot's operations from a user", async () => {
    const api = await partnerApi();
    await expectProblem(api.redeemWhatsAppLinkCode({ code: "lk_made_up", waId: "79161234567" }), 403, "forbidden");
    await expectProblem(api.getWhatsAppLink("79161234567"), 403, "forbidden");
  });
});
