using System.Net;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.People;

/// <summary>Forgot password by e-mail, and changing a password, over HTTP with the mails from the SMTP listener.</summary>
public sealed class PasswordTests(ApiServerFixture server) : AuthTest(server)
{
    private const string Renewed = "Renewed-Password-2026";

    [Fact]
    public async Task A_reset_from_the_mail_ends_every_session_and_the_new_password_signs_in()
    {
        var email = await NewUserAsync();
        var session = await ExpectTokens(await PasswordGrant(email));
        using var signedIn = Server.CreateHttpClient(session["access_token"]!.GetValue<string>());
        (await signedIn.GetAsync("/api/v1/notifications")).StatusCode.Should().Be(HttpStatusCode.OK);

        var asked = await Anonymous.PostAsync("/api/v1/password-resets", Body(new { email = email.ToUpperInvariant() }));
        asked.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Subject.Should().Be("Сброс пароля в MaK CRM");
        mail.Text.Should().Contain("https://cabinet.mak-crm.test/password-reset?token=").And.Contain("30 минут");

        (await Anonymous.PostAsync("/api/v1/password-resets/completion", Body(new { token = mail.Token, newPassword = Renewed }))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await signedIn.GetAsync("/api/v1/notifications")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await ExpectOAuthError(await RefreshGrant(session["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");
        await ExpectOAuthError(await PasswordGrant(email), 400, "invalid_grant");
        await ExpectTokens(await PasswordGrant(email, Renewed));
        await ExpectProblem(await Anonymous.PostAsync("/api/v1/password-resets/completion", Body(new { token = mail.Token, newPassword = "Another-Password-2026" })), HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task An_unknown_email_gets_the_identical_answer_and_no_mail()
    {
        var known = await NewUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@nowhere.example";

        var forKnown = await Anonymous.PostAsync("/api/v1/password-resets", Body(new { email = known }));
        var forUnknown = await Anonymous.PostAsync("/api/v1/password-resets", Body(new { email = unknown }));

        forUnknown.StatusCode.Should().Be(forKnown.StatusCode).And.Be(HttpStatusCode.Accepted);
        (await forUnknown.Content.ReadAsStringAsync()).Should().Be(await forKnown.Content.ReadAsStringAsync());
        forUnknown.Content.Headers.ContentType.Should().BeEquivalentTo(forKnown.Content.Headers.ContentType);
        await Server.Mail.NextMailToAsync(known);
        (await Server.Mail.AnyMailToWithinAsync(unknown, TimeSpan.FromSeconds(1))).Should().BeFalse();
    }

    [Fact]
    public async Task Requests_past_the_per_email_limit_are_answered_the_same_and_send_nothing()
    {
        var email = await NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            (await Anonymous.PostAsync("/api/v1/password-resets", Body(new { email }))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        for (var i = 0; i < 3; i++)
        {
            await Server.Mail.NextMailToAsync(email);
        }

        (await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM mail_outbox WHERE to_address = {email}").SingleAsync())).Should().Be(3);
    }

    [Fact]
    public async Task Expired_used_and_forged_reset_tokens_are_refused_and_a_weak_password_keeps_the_token()
    {
        var email = await NewUserAsync();
        await Anonymous.PostAsync("/api/v1/password-resets", Body(new { email }));
        var mail = await Server.Mail.NextMailToAsync(email);

        var weak = await ExpectProblem(await Complete(mail.Token, "short"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(weak, "newPassword").Should().NotBeEmpty();
        await ExpectProblem(await Complete("forged", Renewed), HttpStatusCode.BadRequest, "invalid_token");

        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .ExecuteSqlAsync($"UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE email = {email}"));
        await ExpectProblem(await Complete(mail.Token, Renewed), HttpStatusCode.BadRequest, "invalid_token");
        await ExpectTokens(await PasswordGrant(email));
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var email = await NewUserAsync();
        var here = await ExpectTokens(await PasswordGrant(email));
        var elsewhere = await ExpectTokens(await PasswordGrant(email));
        using var current = Server.CreateHttpClient(here["access_token"]!.GetValue<string>());
        using var other = Server.CreateHttpClient(elsewhere["access_token"]!.GetValue<string>());

        await ExpectProblem(await current.PostAsync("/api/v1/me/password", Body(new { currentPassword = "Wrong-Password-2026", newPassword = Renewed })), HttpStatusCode.BadRequest, "invalid_current_password");
        (await other.GetAsync("/api/v1/notifications")).StatusCode.Should().Be(HttpStatusCode.OK);

        var weak = await ExpectProblem(await current.PostAsync("/api/v1/me/password", Body(new { currentPassword = TestActors.Password, newPassword = "short" })), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(weak, "newPassword").Should().NotBeEmpty();

        (await current.PostAsync("/api/v1/me/password", Body(new { currentPassword = TestActors.Password, newPassword = Renewed }))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await other.GetAsync("/api/v1/notifications")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await ExpectOAuthError(await RefreshGrant(elsewhere["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");
        (await current.GetAsync("/api/v1/notifications")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectTokens(await RefreshGrant(here["refresh_token"]!.GetValue<string>()));
        await ExpectTokens(await PasswordGrant(email, Renewed));

        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?limit=200"), HttpStatusCode.OK);
        audit.ToJsonString().Should().Contain("password.changed").And.NotContain(Renewed);
    }

    private Task<HttpResponseMessage> Complete(string token, string newPassword) =>
        Anonymous.PostAsync("/api/v1/password-resets/completion", Body(new { token, newPassword }));

    private async Task<string> NewUserAsync()
    {
        var email = $"forgetful-{Guid.NewGuid():N}@partner.example";
        await Server.CreateUserAsync(email, "partner", TestActors.PartnerAlphaOrganization);
        return email;
    }
}

/// <summary>The forgot-password request is limited per client address, like the token endpoint.</summary>
public sealed class PasswordResetRateLimitTests(PasswordResetRateLimitTests.Fixture server) : IClassFixture<PasswordResetRateLimitTests.Fixture>
{
    public sealed class Fixture() : ApiServerFixture(new Dictionary<string, string> { ["Mak:RateLimits:TokenRequestsPerMinute"] = "3" });

    [Fact]
    public async Task The_fourth_request_from_one_address_in_a_minute_is_429()
    {
        using var http = server.CreateHttpClient();
        for (var i = 0; i < 3; i++)
        {
            (await http.PostAsync("/api/v1/password-resets", Json(new { email = $"a{i}@limit.example" }))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var limited = await http.PostAsync("/api/v1/password-resets", Json(new { email = "a4@limit.example" }));
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
