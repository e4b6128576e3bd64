// Invitations, the forgotten-password reset and the password change through the client. The one-time tokens come from
// the mails the server writes into the run's pickup folder (nextMailTo in helpers.ts, see global-setup.ts).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MakCrmClient, OAuthError, TokenClient } from "../src/index.js";
import { anonymousApi, baseUrl, expectProblem, newApi, nextMailTo } from "./helpers.js";

const api = newApi();
const ownerPassword = "Ts-Owner-Password-2026";
const colleaguePassword = "Ts-Colleague-Password-2026";
const renewed = "Ts-Renewed-Password-2026";

/** A partner organization of its own, registered and approved, and its owner (the registrant). */
async function approvedPartner(): Promise<{ organizationId: string; ownerEmail: string }> {
  const ownerEmail = newEmail();
  const registered = await anonymousApi().registerOrganization({
    kind: "partner",
    companyName: "ООО «Приглашения»",
    legalForm: "ooo",
    inn: "7707083893",
    contactPhone: "+7 921 555-44-32",
    contactEmail: ownerEmail,
    fullName: "Приглашаев Павел",
    password: ownerPassword,
  });
  await api.approveOrganization(registered.result.id);
  return { organizationId: registered.result.id, ownerEmail };
}

async function signedIn(email: string, password: string): Promise<MakCrmClient> {
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(email, password);
  return new MakCrmClient(baseUrl, tokens);
}

function newEmail(): string {
  return `ts-invitee-${randomUUID()}@colleague.example`;
}

describe("invitations", () => {
  it("lets head office invite a colleague into a partner, who accepts from the mail and signs in", async () => {
    const { organizationId } = await approvedPartner();
    const email = newEmail();

    const invited = await api.createInvitation({ email, fullName: "Коллегова  Ксения", role: "partner", organizationId });
    expect(invited.status).toBe(201);
    expect(invited.result).toMatchObject({ email, organizationId, fullName: "Коллегова Ксения", role: "partner", status: "pending", acceptedUserId: null });
    const mail = await nextMailTo(email);
    expect(mail.text).toContain(`/invitations/accept?token=${mail.token}`);

    const accepted = await anonymousApi().acceptInvitation({ token: mail.token, password: colleaguePassword });
    expect(accepted.status).toBe(201);
    expect(accepted.result).toMatchObject({ email, organizationId });

    const me = (await (await signedIn(email, colleaguePassword)).getMe()).result;
    expect(me.user.id).toBe(accepted.result.userId);
    expect(me.user.role).toBe("partner");
    expect(me.organization.id).toBe(organizationId);
    expect(me.organization.isOwner).toBe(false);

    // The link works once, and the list shows who accepted.
    await expectProblem(anonymousApi().acceptInvitation({ token: mail.token, password: "Ts-Another-Password-2026" }), 400, "invalid_token");
    const list = await api.listInvitations({ organizationId, status: "accepted", sort: "-createdAt", limit: 10 });
    expect(list.result.items.map((i) => i.id)).toEqual([invited.result.id]);
    expect(list.result.items[0]!.acceptedUserId).toBe(accepted.result.userId);
  });

  it("lets an owner list, resend and revoke, and refuses a role the organization cannot have", async () => {
    const { organizationId, ownerEmail } = await approvedPartner();
    const owner = await signedIn(ownerEmail, ownerPassword);
    const email = newEmail();
    const invited = (await owner.createInvitation({ email, fullName: "Гостева Галина", role: "guest" })).result;
    expect(invited.organizationId).toBe(organizationId);
    const first = await nextMailTo(email);

    const pending = await owner.listInvitations({ status: "pending" });
    expect(pending.result.items.map((i) => [i.id, i.status])).toEqual([[invited.id, "pending"]]);

    const resent = await owner.resendInvitation(invited.id);
    expect(resent.result.status).toBe("pending");
    const second = await nextMailTo(email);
    expect(second.token).not.toBe(first.token);
    await expectProblem(anonymousApi().acceptInvitation({ token: first.token, password: colleaguePassword }), 400, "invalid_token");

    const revoked = await owner.revokeInvitation(invited.id);
    expect(revoked.result.status).toBe("revoked");
    await expectProblem(anonymousApi().acceptInvitation({ token: second.token, password: colleaguePassword }), 400, "invalid_token");
    await expectProblem(owner.resendInvitation(invited.id), 409, "invitation_not_pending");
    expect((await owner.listInvitations({ status: "revoked" })).result.items.map((i) => i.id)).toEqual([invited.id]);

    await expectProblem(owner.createInvitation({ email: newEmail(), fullName: "Админов", role: "admin" }), 400, "role_not_allowed");
    await expectProblem(api.createInvitation({ email: newEmail(), fullName: "Сотрудников", role: "employee", organizationId }), 400, "role_not_allowed");
    await expectProblem(owner.listInvitations({ organizationId: randomUUID() }), 403, "forbidden");
  });
});

describe("passwords", () => {
  it("resets a forgotten password from the mail, after which only the new one signs in", async () => {
    const { ownerEmail } = await approvedPartner();

    const asked = await anonymousApi().requestPasswordReset({ email: ownerEmail.toUpperCase() });
    expect(asked.status).toBe(202);
    const mail = await nextMailTo(ownerEmail);
    expect(mail.text).toContain(`/password-reset?token=${mail.token}`);

    expect((await anonymousApi().completePasswordReset({ token: mail.token, newPassword: renewed })).status).toBe(204);

    expect((await (await signedIn(ownerEmail, renewed)).getMe()).result.user.email).toBe(ownerEmail);
    const old = await signedIn(ownerEmail, ownerPassword).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(old).toBeInstanceOf(OAuthError);
    expect((old as OAuthError).error).toBe("invalid_grant");
    await expectProblem(anonymousApi().completePasswordReset({ token: mail.token, newPassword: "Ts-Another-Password-2026" }), 400, "invalid_token");
  });

  it("changes a password, and a wrong current password is a problem that changes nothing", async () => {
    const { ownerEmail } = await approvedPartner();
    const me = await signedIn(ownerEmail, ownerPassword);

    await expectProblem(me.changePassword({ currentPassword: "Ts-Wrong-Password-2026", newPassword: renewed }), 400, "invalid_current_password");
    await signedIn(ownerEmail, ownerPassword); // still the old password

    expect((await me.changePassword({ currentPassword: ownerPassword, newPassword: renewed })).status).toBe(204);
    expect((await me.getMe()).result.user.email).toBe(ownerEmail); // this session stays signed in
    expect((await (await signedIn(ownerEmail, renewed)).getMe()).result.user.email).toBe(ownerEmail);
  });
});
