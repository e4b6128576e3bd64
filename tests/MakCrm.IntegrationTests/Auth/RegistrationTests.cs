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
    public async Task An_email_that_has_an_account_cannot_register_again()
    {
        await ExpectProblem(await Register(TestActor.PartnerAlpha.Email()), HttpStatusCode.Conflict, "email_taken");
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
