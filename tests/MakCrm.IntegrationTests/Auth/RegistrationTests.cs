using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

public sealed class RegistrationTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_partner_registers_waits_for_approval_and_then_signs_in()
    {
        var email = $"reg-{Guid.NewGuid():N}@partner.example";
        var registered = await ExpectJson(await Register(email), HttpStatusCode.Created);
        registered["status"]!.GetValue<string>().Should().Be("pending");
        registered["kind"]!.GetValue<string>().Should().Be("partner");
        registered["inn"]!.GetValue<string>().Should().Be("7707083893");
        registered["contactPhone"]!.GetValue<string>().Should().Be("+79151234567");
        registered["contactEmail"]!.GetValue<string>().Should().Be(email);

        var pending = await PasswordGrant(email, "Partner-Password-2026");
        await ExpectOAuthError(pending, 400, "invalid_grant");
        (await pending.Content.ReadAsStringAsync()).Should().Contain("not active");

        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var queue = await ExpectJson(await employee.GetAsync("/api/v1/organizations?status=pending"), HttpStatusCode.OK);
        queue["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).Should().Contain(Id(registered));

        var approved = await ExpectJson(await employee.PostAsync($"/api/v1/organizations/{Id(registered)}/approve", null), HttpStatusCode.OK);
        approved["status"]!.GetValue<string>().Should().Be("active");

        var tokens = await ExpectTokens(await PasswordGrant(email, "Partner-Password-2026"));
        var claims = Claims(tokens["access_token"]!.GetValue<string>());
        claims["org"]!.GetValue<string>().Should().Be(Id(registered));
        claims["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("partner");

        await ExpectProblem(await employee.PostAsync($"/api/v1/organizations/{Id(registered)}/reject", Body(new { reason = "Передумали" })), HttpStatusCode.Conflict, "organization_not_pending");
    }

    [Fact]
    public async Task A_rejected_registration_keeps_its_reason_and_never_signs_in()
    {
        var email = $"reg-{Guid.NewGuid():N}@franchise.example";
        var registered = await ExpectJson(await Register(email, kind: "franchisee", legalForm: "ip", inn: "500100732259"), HttpStatusCode.Created);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);

        var rejected = await ExpectJson(await employee.PostAsync($"/api/v1/organizations/{Id(registered)}/reject", Body(new { reason = "  ИНН не совпадает  с выпиской " })), HttpStatusCode.OK);

        rejected["status"]!.GetValue<string>().Should().Be("rejected");
        rejected["rejectionReason"]!.GetValue<string>().Should().Be("ИНН не совпадает с выпиской");
        await ExpectOAuthError(await PasswordGrant(email, "Partner-Password-2026"), 400, "invalid_grant");
        await ExpectProblem(await employee.PostAsync($"/api/v1/organizations/{Id(registered)}/approve", null), HttpStatusCode.Conflict, "organization_not_pending");
    }

    [Theory]
    [InlineData("inn", "7707083894", "inn")]
    [InlineData("inn", "500100732259", "inn")]
    [InlineData("kind", "head_office", "kind")]
    [InlineData("contactPhone", "12", "contactPhone")]
    [InlineData("contactEmail", "not-an-email", "contactEmail")]
    [InlineData("password", "short", "password")]
    public async Task Invalid_registrations_are_field_errors_and_write_nothing(string field, string value, string errorField)
    {
        var email = $"reg-{Guid.NewGuid():N}@partner.example";
        var body = RegistrationBody(email);
        body[field] = value;

        var problem = await ExpectProblem(await Anonymous.PostAsync("/api/v1/registrations", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, errorField).Should().NotBeEmpty();
        var organizations = await ExpectJson(await Http.GetAsync("/api/v1/organizations?status=pending&limit=200"), HttpStatusCode.OK);
        organizations.ToJsonString().Should().NotContain(email);
    }

    [Fact]
    public async Task An_email_that_has_an_account_gets_the_answer_of_a_registration_and_its_owner_a_mail()
    {
        var email = $"taken-{Guid.NewGuid():N}@partner.example";
        await Server.CreateUserAsync(email, "partner", TestActors.PartnerAlphaOrganization);

        var answer = await ExpectJson(await Register(email), HttpStatusCode.Created);
        var fresh = await ExpectJson(await Register($"reg-{Guid.NewGuid():N}@partner.example"), HttpStatusCode.Created);

        // The same shape and values as a real registration; nothing was stored, and the account's owner is told.
        answer.AsObject().Select(p => p.Key).Should().BeEquivalentTo(fresh.AsObject().Select(p => p.Key));
        answer.AsObject().Where(p => p.Value is null).Select(p => p.Key).Should().BeEquivalentTo(
            fresh.AsObject().Where(p => p.Value is null).Select(p => p.Key), "a null where a registration has a value (an owner) would tell the e-mail has an account");
        answer["status"]!.GetValue<string>().Should().Be("pending");
        answer["contactEmail"]!.GetValue<string>().Should().Be(email);
        var organizations = await ExpectJson(await Http.GetAsync("/api/v1/organizations?status=pending&limit=200"), HttpStatusCode.OK);
        organizations.ToJsonString().Should().NotContain(email);
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Subject.Should().Contain("Попытка регистрации");
        mail.Text.Should().Contain("ООО «Кредитный Советник»");
        (await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString().Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_taken_email_with_a_weak_password_is_refused_like_a_new_one()
    {
        var body = RegistrationBody(TestActor.PartnerAlpha.Email());
        body["password"] = "short";

        var problem = await ExpectProblem(await Anonymous.PostAsync("/api/v1/registrations", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, "password").Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_registrant_is_mailed_the_approval_and_the_rejection_with_its_reason()
    {
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var approvedEmail = $"reg-{Guid.NewGuid():N}@partner.example";
        var toApprove = await ExpectJson(await Register(approvedEmail), HttpStatusCode.Created);
        await ExpectJson(await employee.PostAsync($"/api/v1/organizations/{Id(toApprove)}/approve", null), HttpStatusCode.OK);
        var approval = await Server.Mail.NextMailToAsync(approvedEmail);
        approval.Subject.Should().Be("Регистрация одобрена: ООО «Кредитный Советник»");
        approval.Text.Should().Contain("https://cabinet.mak-crm.test");
        approval.Html.Should().Contain("https://cabinet.mak-crm.test");

        var rejectedEmail = $"reg-{Guid.NewGuid():N}@partner.example";
        var toReject = await ExpectJson(await Register(rejectedEmail), HttpStatusCode.Created);
        await ExpectJson(await employee.PostAsync($"/api/v1/organizations/{Id(toReject)}/reject", Body(new { reason = "ИНН не совпадает с выпиской" })), HttpStatusCode.OK);
        var rejection = await Server.Mail.NextMailToAsync(rejectedEmail);
        rejection.Subject.Should().StartWith("Регистрация отклонена");
        rejection.Text.Should().Contain("Причина: ИНН не совпадает с выпиской");
        rejection.Html.Should().Contain("ИНН не совпадает с выпиской");
    }

    private Task<HttpResponseMessage> Register(string email, string kind = "partner", string legalForm = "ooo", string inn = "7707083893")
    {
        var body = RegistrationBody(email);
        body["kind"] = kind;
        body["legalForm"] = legalForm;
        body["inn"] = inn;
        return Anonymous.PostAsync("/api/v1/registrations", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
    }
}
