// Teams and a colleague's visibility through the client: a partner's owner makes a team and narrows what a colleague
// sees to the leads it is responsible for.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient } from "../src/index.js";
import { anonymousApi, baseUrl, e164, expectProblem, newApi, nextMailTo, randomPhoneDigits } from "./helpers.js";

const api = newApi();
const password = "Ts-Teams-Password-2026";

async function signedIn(email: string): Promise<MakCrmClient> {
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(email, password);
  return new MakCrmClient(baseUrl, tokens);
}

describe("teams", () => {
  it("lets an owner make a team and give a colleague the assigned visibility, which hides other leads", async () => {
    const ownerEmail = `ts-team-owner-${randomUUID()}@teams.example`;
    const registered = await anonymousApi().registerOrganization({
      kind: "partner", companyName: "ООО «Команды»", legalForm: "ooo", inn: "7707083893",
      contactPhone: "+7 921 555-44-33", contactEmail: ownerEmail, fullName: "Командиров Кирилл", password,
    });
    await api.approveOrganization(registered.result.id);
    const owner = await signedIn(ownerEmail);
    const email = `ts-team-operator-${randomUUID()}@teams.example`;
    await owner.createInvitation({ email, fullName: "Операторова Ольга", role: "partner" });
    const mail = await nextMailTo(email);
    const colleague = (await anonymousApi().acceptInvitation({ token: mail.token, password })).result.userId;

    const team = await owner.createTeam({ name: "Ипотека", memberUserIds: [colleague] }, randomUUID());
    expect(team.status).toBe(201);
    expect(team.result).toMatchObject({ name: "Ипотека", memberUserIds: [colleague], organizationId: registered.result.id });
    const renamed = await owner.updateTeam(team.result.id, team.headers["etag"] as string, { name: "Ипотека (Москва)" });
    expect(renamed.result.name).toBe("Ипотека (Москва)");
    expect((await owner.listTeams({ sort: "name" })).result.items.map((t) => t.id)).toContain(team.result.id);
    await expectProblem(owner.updateTeam(team.result.id, '"1"', { name: "x" }), 412, "precondition_failed");

    const changed = await owner.setUserVisibility(colleague, { visibility: "assigned" });
    expect(changed.result.visibility).toBe("assigned");
    const client = (await owner.createClient({ fullName: "Видимова Вера", phone: e164(randomPhoneDigits()), source: "partner" })).result;
    const own = (await owner.createLead({ clientId: client.id, requestedAmount: 700000, product: "mortgage", responsibleUserId: colleague })).result;
    const other = (await owner.createLead({ clientId: client.id, requestedAmount: 800000, product: "mortgage" })).result;

    const operator = await signedIn(email);
    expect((await operator.listLeads({ limit: 200 })).result.items.map((l) => l.id)).toEqual([own.id]);
    await expectProblem(operator.getLead(other.id), 404, "not_found");
    await expectProblem(operator.createTeam({ name: "Моя" }), 403, "forbidden");

    expect((await owner.removeTeamMember(team.result.id, colleague)).result.memberUserIds).toEqual([]);
    expect((await owner.addTeamMember(team.result.id, colleague)).result.memberUserIds).toEqual([colleague]);
    expect((await owner.deleteTeam(team.result.id)).status).toBe(204);
    await expectProblem(owner.getTeam(team.result.id), 404, "not_found");
  });
});
