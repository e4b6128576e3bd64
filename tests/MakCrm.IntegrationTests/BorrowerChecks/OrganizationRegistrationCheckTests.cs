using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.BorrowerCheckSimulator;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.BorrowerChecks;

/// <summary>
/// Head office checks a registering partner in ЕГРЮЛ/ЕГРИП through the fake register on 127.0.0.1: the answer kept on
/// the organization and in its audit log, a registration found liquidated not approved until a check finds it active,
/// a register that does not answer never read as clear, and an organization with no number to ask refused.
/// </summary>
public sealed class OrganizationRegistrationCheckTests(BorrowerCheckServer server)
    : AuthTest(server),
        IClassFixture<BorrowerCheckServer>
{
    private const string Inn = "7736050003";
    private const string Ogrn = "1027700070518";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        server.Providers.Reset();
    }

    private static string CheckOf(string organization) => $"/api/v1/organizations/{organization}/registration-check";

    private async Task<string> RegisteringPartner()
    {
        var body = RegistrationBody($"reg-{Guid.NewGuid():N}@partner.example");
        body["inn"] = Inn;
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return Id(
            await ExpectJson(await Anonymous.PostAsync("/api/v1/registrations", content), HttpStatusCode.Created)
        );
    }

    [Fact]
    public async Task A_registration_the_register_finds_liquidated_is_not_approved_until_a_check_finds_it_active()
    {
        var partner = await RegisteringPartner();
        (await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{partner}"), HttpStatusCode.OK))[
            "registrationCheck"
        ]
            .Should()
            .BeNull("it was never checked");
        server.Providers.Parties.Add(new FakeParty("ООО \"ЗАКРЫТО\"", Inn, Ogrn, "LIQUIDATED"));

        var liquidated = await ExpectJson(await Http.PostAsync(CheckOf(partner), null), HttpStatusCode.OK);
        var check = liquidated["registrationCheck"]!;
        (check["outcome"]!.GetValue<string>(), check["detail"]!.GetValue<string>())
            .Should()
            .Be(("hit", $"ООО \"ЗАКРЫТО\" (ОГРН {Ogrn}) is liquidated."));
        check["checkedBy"]!.GetValue<Guid>().Should().Be(await Server.UserIdAsync(TestActor.Admin));
        JsonNode.Parse(server.Providers.Calls.Should().ContainSingle().Subject.Body!)!["query"]!
            .GetValue<string>()
            .Should()
            .Be(Inn, "the profile has no ОГРН, so the ИНН is asked");
        await ExpectProblem(
            await Http.PostAsync($"/api/v1/organizations/{partner}/approve", null),
            HttpStatusCode.Conflict,
            "organization_registration_not_active"
        );

        server.Providers.Parties.Clear();
        server.Providers.Parties.Add(new FakeParty("ООО \"ОТКРЫТО\"", Inn, Ogrn));
        server.Providers.FailNext(ProviderFault.ServerError);
        var unanswered = await ExpectJson(await Http.PostAsync(CheckOf(partner), null), HttpStatusCode.OK);
        (
            unanswered["registrationCheck"]!["outcome"]!.GetValue<string>(),
            unanswered["registrationCheck"]!["reason"]!.GetValue<string>()
        )
            .Should()
            .Be(("unavailable", "provider_error"), "a 5xx is never read as clear");
        var active = await ExpectJson(await Http.PostAsync(CheckOf(partner), null), HttpStatusCode.OK);
        active["registrationCheck"]!["outcome"]!.GetValue<string>().Should().Be("clear");
        active["registrationCheck"]!["reason"].Should().BeNull();
        var approved = await ExpectJson(
            await Http.PostAsync($"/api/v1/organizations/{partner}/approve", null),
            HttpStatusCode.OK
        );
        approved["status"]!.GetValue<string>().Should().Be("active");

        var audit = await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityType=organization&entityId={partner}&limit=100"),
            HttpStatusCode.OK
        );
        audit["items"]!
            .AsArray()
            .Select(e => e!["changes"]!["registrationCheckOutcome"]?["after"]?.GetValue<string>())
            .OfType<string>()
            .Should()
            .BeEquivalentTo(["hit", "unavailable", "clear"], "each check's answer is in the audit log");
    }

    [Fact]
    public async Task A_check_needs_a_number_an_existing_organization_and_head_offices_permission()
    {
        await ExpectProblem(
            await Http.PostAsync(CheckOf(TestActor.Admin.Organization().ToString()), null),
            HttpStatusCode.Conflict,
            "organization_registration_number_missing"
        );
        await ExpectProblem(
            await Http.PostAsync(CheckOf(Guid.NewGuid().ToString()), null),
            HttpStatusCode.NotFound,
            "not_found"
        );
        var partner = await RegisteringPartner();
        using var partnerAlpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(
            await partnerAlpha.PostAsync(CheckOf(partner), null),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        server.Providers.Calls.Should().BeEmpty("nothing was asked of the register");
    }
}
