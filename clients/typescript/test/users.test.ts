import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient } from "../src/index.js";
import { anonymousApi, baseUrl, expectProblem, newApi } from "./helpers.js";

const api = newApi();
const password = "Ts-Users-Password-2026";

/** A partner organization of its own, registered and approved: its registrant owns it and is ours to change. */
async function approvedPartner(): Promise<{ email: string; userId: string }> {
  const email = `ts-users-${randomUUID()}@partner.example`;
  const registered = await anonymousApi().registerOrganization({
    kind: "partner",
    companyName: "ООО «Пользователи»",
    legalForm: "ooo",
    inn: "7707083893",
    contactPhone: "+7 921 555-44-33",
    contactEmail: email,
    fullName: "Пользователев Пётр",
    password,
  });
  await api.approveOrganization(registered.result.id);
  const found = await api.listUsers({ q: email, organizationId: registered.result.id, role: "partner", status: "active", sort: "-createdAt", limit: 10 });
  expect(found.result.items).toHaveLength(1);
  return { email, userId: found.result.items[0].id };
}

async function signedIn(email: string): Promise<MakCrmClient> {
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(email, password);
  return new MakCrmClient(baseUrl, tokens);
}

describe("users and sessions", () => {
  it("tells a user who it is, takes its name and phone, and ends its other sessions", async () => {
    const { email, userId } = await approvedPartner();
    await signedIn(email); // another session
    const me = await signedIn(email);

    const who = (await me.getMe()).result;
    expect(who.user.id).toBe(userId);
    expect(who.user.role).toBe("partner");
    expect(who.organization.kind).toBe("partner");
    expect(who.organization.isOwner).toBe(true);
    expect(who.permissions).toEqual(expect.arrayContaining(["users.manage.own", "users.read.own"]));

    const updated = await me.updateMe({ fullName: "Пользователев Пётр Петрович", phone: "8 (921) 555-44-33" });
    expect(updated.result.phone).toBe("+79215554433");

    const sessions = (await me.listMySessions()).result.items;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect((await me.revokeMyOtherSessions()).result.revoked).toBe(1);
    await expectProblem(me.revokeMySession(randomUUID()), 404, "not_found");
    const current = (await me.listMySessions()).result.items[0];
    expect((await me.revokeMySession(current.id)).status).toBe(204);
  });

  it("lets head office read and manage a user", async () => {
    const { userId } = await approvedPartner();

    expect((await api.getUser(userId)).result.isOrganizationOwner).toBe(true);
    expect((await api.changeUserRole(userId, { role: "guest" })).result.role).toBe("guest");
    await expectProblem(api.changeUserRole(userId, { role: "employee" }), 400, "role_not_allowed");
    expect((await api.changeUserRole(userId, { role: "partner" })).result.role).toBe("partner");
    expect((await api.deactivateUser(userId)).result.status).toBe("deactivated");
    expect((await api.reactivateUser(userId)).result.status).toBe("active");
    expect((await api.resetUserTwoFactor(userId)).result.twoFactorEnabled).toBe(false);
    await expectProblem(api.getUser(randomUUID()), 404, "not_found");
  });
});
