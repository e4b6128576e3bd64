using System.Net;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.People;

/// <summary>Invitations over HTTP, with their mails read from the fixture's SMTP listener.</summary>
public sealed class InvitationTests(ApiServerFixture server) : AuthTest(server)
{
    private const string NewPassword = "Colleague-Password-2026";

    [Fact]
    public async Task An_owner_invites_a_colleague_who_accepts_from_the_mail_and_signs_in()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var email = NewEmail();

        var invitation = await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Петрова  Анна", role = "partner" })), HttpStatusCode.Created);

        invitation["status"]!.GetValue<string>().Should().Be("pending");
        invitation["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        invitation["fullName"]!.GetValue<string>().Should().Be("Петрова Анна");
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Subject.Should().Be("Приглашение в MaK CRM: Партнёр Альфа");
        mail.Text.Should().Contain("https://cabinet.mak-crm.test/invitations/accept?token=").And.Contain("«партнёр»");
        mail.Html.Should().Contain("https://cabinet.mak-crm.test/invitations/accept?token=" + mail.Token);

        var accepted = await ExpectJson(await Accept(mail.Token), HttpStatusCode.Created);
        accepted["email"]!.GetValue<string>().Should().Be(email);
        accepted["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        var tokens = await ExpectTokens(await PasswordGrant(email, NewPassword));
        Claims(tokens["access_token"]!.GetValue<string>())["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("partner");

        // Used once: the same token again is refused, and the list shows the invitation accepted.
        await ExpectProblem(await Accept(mail.Token, "Another-Password-2026"), HttpStatusCode.BadRequest, "invalid_token");
        var list = await ExpectJson(await owner.GetAsync("/api/v1/invitations?status=accepted"), HttpStatusCode.OK);
        list["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == Id(invitation))!["acceptedUserId"]!.GetValue<string>()
            .Should().Be(accepted["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resend_replaces_the_token_and_the_old_one_stops_working()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var email = NewEmail();
        var invitation = await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Сидоров", role = "guest" })), HttpStatusCode.Created);
        var first = await Server.Mail.NextMailToAsync(email);

        await ExpectJson(await owner.PostAsync($"/api/v1/invitations/{Id(invitation)}/resend", null), HttpStatusCode.OK);
        var second = await Server.Mail.NextMailToAsync(email);

        second.Token.Should().NotBe(first.Token);
        await ExpectProblem(await Accept(first.Token), HttpStatusCode.BadRequest, "invalid_token");
        await ExpectJson(await Accept(second.Token), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_revoked_invitation_cannot_be_accepted_or_resent_and_revoking_again_changes_nothing()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var email = NewEmail();
        var invitation = await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Франчайзи Два", role = "franchisee" })), HttpStatusCode.Created);
        var mail = await Server.Mail.NextMailToAsync(email);

        var revoked = await ExpectJson(await owner.PostAsync($"/api/v1/invitations/{Id(invitation)}/revoke", null), HttpStatusCode.OK);

        revoked["status"]!.GetValue<string>().Should().Be("revoked");
        await ExpectProblem(await Accept(mail.Token), HttpStatusCode.BadRequest, "invalid_token");
        (await ExpectJson(await owner.PostAsync($"/api/v1/invitations/{Id(invitation)}/revoke", null), HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("revoked");
        await ExpectProblem(await owner.PostAsync($"/api/v1/invitations/{Id(invitation)}/resend", null), HttpStatusCode.Conflict, "invitation_not_pending");
        await ExpectOAuthError(await PasswordGrant(email, NewPassword), 400, "invalid_grant");
    }

    [Fact]
    public async Task Expired_and_forged_tokens_are_refused_and_change_nothing()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var email = NewEmail();
        var invitation = await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Опоздавший", role = "guest" })), HttpStatusCode.Created);
        var mail = await Server.Mail.NextMailToAsync(email);
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .ExecuteSqlAsync($"UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = {Guid.Parse(Id(invitation))}"));

        await ExpectProblem(await Accept(mail.Token), HttpStatusCode.BadRequest, "invalid_token");
        await ExpectProblem(await Accept("forged-" + mail.Token), HttpStatusCode.BadRequest, "invalid_token");

        var expired = await ExpectJson(await owner.GetAsync("/api/v1/invitations?status=expired"), HttpStatusCode.OK);
        expired["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Contain(Id(invitation));
        (await ExpectJson(await owner.GetAsync("/api/v1/invitations?status=pending"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(i => i!["id"]!.GetValue<string>()).Should().NotContain(Id(invitation));
        await ExpectOAuthError(await PasswordGrant(email, NewPassword), 400, "invalid_grant");

        // An expired invitation can be resent, and the new link works.
        await ExpectJson(await owner.PostAsync($"/api/v1/invitations/{Id(invitation)}/resend", null), HttpStatusCode.OK);
        await ExpectJson(await Accept((await Server.Mail.NextMailToAsync(email)).Token), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_owner_cannot_grant_a_head_office_role_nor_invite_into_another_organization()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        await ExpectProblem(await owner.PostAsync("/api/v1/invitations", Body(new { email = NewEmail(), fullName = "Админ", role = "admin" })), HttpStatusCode.BadRequest, "role_not_allowed");
        await ExpectProblem(await owner.PostAsync("/api/v1/invitations", Body(new { email = NewEmail(), fullName = "Франчайзи", role = "franchisee" })), HttpStatusCode.BadRequest, "role_not_allowed");
        await ExpectProblem(
            await owner.PostAsync("/api/v1/invitations", Body(new { email = NewEmail(), fullName = "Чужой", role = "partner", organizationId = TestActors.PartnerBetaOrganization })),
            HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await owner.GetAsync($"/api/v1/invitations?organizationId={TestActors.PartnerBetaOrganization}"), HttpStatusCode.Forbidden, "forbidden");

        // A colleague who is not the owner manages nobody.
        var colleague = NewEmail();
        await Server.CreateUserAsync(colleague, "partner", TestActors.PartnerAlphaOrganization);
        using var notOwner = Server.CreateHttpClient((await Server.PasswordGrantAsync(colleague, TestActors.Password)).GetProperty("access_token").GetString());
        await ExpectProblem(await notOwner.PostAsync("/api/v1/invitations", Body(new { email = NewEmail(), fullName = "Ещё", role = "partner" })), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Inviting_an_existing_user_is_a_conflict_and_repeating_a_pending_invitation_returns_it()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await owner.PostAsync("/api/v1/invitations", Body(new { email = TestActor.PartnerBeta.Email(), fullName = "Бета", role = "partner" })), HttpStatusCode.Conflict, "email_taken");

        var email = NewEmail();
        var first = await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Повтор", role = "partner" })), HttpStatusCode.Created);
        var again = await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email = email.ToUpperInvariant(), fullName = "Повтор", role = "partner" })), HttpStatusCode.OK);
        Id(again).Should().Be(Id(first));
        await ExpectProblem(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Повтор", role = "guest" })), HttpStatusCode.Conflict, "invitation_pending");

        await Server.Mail.NextMailToAsync(email);
        (await Server.Mail.AnyMailToWithinAsync(email, TimeSpan.FromSeconds(1))).Should().BeFalse("a repeated invitation sends no second mail");
    }

    [Fact]
    public async Task Head_office_invites_into_an_organization_without_owner_and_the_invitee_becomes_its_owner()
    {
        var organization = await Server.CreateOrganizationAsync(MakCrm.Domain.Organizations.OrganizationKind.Franchisee, "Франчайзи без владельца");
        var email = NewEmail();

        await ExpectJson(await Http.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Первый", role = "franchisee", organizationId = organization })), HttpStatusCode.Created);
        var accepted = await ExpectJson(await Accept((await Server.Mail.NextMailToAsync(email)).Token), HttpStatusCode.Created);

        var owner = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Organizations.Organization>().Where(o => o.Id == organization).Select(o => o.OwnerUserId)
            .SingleAsync());
        owner.ToString().Should().Be(accepted["userId"]!.GetValue<string>());
        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?limit=200"), HttpStatusCode.OK);
        audit.ToJsonString().Should().Contain("invitation.");
    }

    [Fact]
    public async Task A_weak_password_is_refused_naming_the_rule_and_the_token_stays_usable()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var email = NewEmail();
        await ExpectJson(await owner.PostAsync("/api/v1/invitations", Body(new { email, fullName = "Слабый", role = "guest" })), HttpStatusCode.Created);
        var mail = await Server.Mail.NextMailToAsync(email);

        var problem = await ExpectProblem(await Accept(mail.Token, "short"), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, "password").Should().Contain(e => e.Contains("10"));
        await ExpectJson(await Accept(mail.Token), HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> Accept(string token, string password = NewPassword) =>
        Anonymous.PostAsync("/api/v1/invitations/acceptance", Body(new { token, password }));

    private static string NewEmail() => $"invitee-{Guid.NewGuid():N}@colleague.example";
}
