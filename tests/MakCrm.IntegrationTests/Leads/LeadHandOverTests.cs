using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.IntegrationTests.Ledger;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Leads;

public sealed class LeadHandOverTests(ApiServerFixture server) : ApiTest(server)
{
    private static readonly Guid Franchisee = TestActors.FranchiseeOrganization;
    private static readonly Guid PartnerAlpha = TestActors.PartnerAlphaOrganization;
    private static readonly Guid PartnerBeta = TestActors.PartnerBetaOrganization;

    [Fact]
    public async Task A_priced_hand_over_charges_the_franchisee_and_is_undone_by_an_accepted_return()
    {
        await Deposit(10_000m);
        var client = await CreateClient();
        var lead = Id(await CreateLead(Id(client)));

        var handed = await ExpectJson(
            await HandOver(lead, new { organizationId = Franchisee, price = 2_500m }),
            HttpStatusCode.OK
        );

        handed["organizationId"]!.GetValue<string>().Should().Be(Franchisee.ToString());
        handed["status"]!.GetValue<string>().Should().Be("in_progress");
        handed["responsibleUserId"].Should().BeNull();
        await Balance(7_500m);
        var charge = (await Entries("charge")).Single(e => e["leadId"]?.GetValue<string>() == lead);
        charge["amount"]!.GetValue<decimal>().Should().Be(-2_500m);
        charge["lotId"].Should().BeNull();
        charge["organizationId"]!.GetValue<string>().Should().Be(Franchisee.ToString());

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var seen = await ExpectJson(await franchisee.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);
        var copy = seen["client"]!["id"]!.GetValue<string>();
        copy.Should().NotBe(Id(client), "the franchisee gets its own copy of the client");
        await ExpectJson(await franchisee.GetAsync($"/api/v1/clients/{copy}"), HttpStatusCode.OK);
        (await Inbox(franchisee))
            .Should()
            .Contain(n =>
                n["kind"]!.GetValue<string>() == "lead_handed_over" && n["subjectId"]!.GetValue<string>() == lead
            );
        var changes = await HistoryChanges(lead);
        changes
            .Should()
            .Contain(c => c["field"]!.GetValue<string>() == "handedOver" && c["to"]!.GetValue<string>() == "2500.00");
        changes
            .Should()
            .Contain(c =>
                c["field"]!.GetValue<string>() == "organizationId"
                && c["from"]!.GetValue<string>() == Organization.HeadOfficeId.ToString()
                && c["to"]!.GetValue<string>() == Franchisee.ToString()
            );

        var requested = await ExpectJson(
            await franchisee.PostAsync($"/api/v1/leads/{lead}/returns", Body(new { reason = "unreachable" })),
            HttpStatusCode.Created
        );
        requested["amount"]!.GetValue<decimal>().Should().Be(2_500m);
        requested["lotId"].Should().BeNull();
        await ExpectJson(await Http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.OK);
        await Balance(10_000m);
        var back = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);
        back["organizationId"]!.GetValue<string>().Should().Be(Organization.HeadOfficeId.ToString());
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task A_free_hand_over_moves_the_lead_between_partners_and_tells_both()
    {
        var lead = await HeadOfficeLead();
        var before = (await Entries("charge")).Count;

        var toAlpha = await ExpectJson(await HandOver(lead, new { organizationId = PartnerAlpha }), HttpStatusCode.OK);
        toAlpha["organizationId"]!.GetValue<string>().Should().Be(PartnerAlpha.ToString());
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectJson(await alpha.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);

        await ExpectJson(
            await HandOver(lead, new { organizationId = PartnerBeta, price = (decimal?)null }),
            HttpStatusCode.OK
        );

        await ExpectProblem(await alpha.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.NotFound, "not_found");
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var theirs = await ExpectJson(await beta.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);
        theirs["organizationId"]!.GetValue<string>().Should().Be(PartnerBeta.ToString());
        (await Inbox(beta)).Should().Contain(n => n["kind"]!.GetValue<string>() == "lead_handed_over");
        (await Inbox(alpha))
            .Count(n => n["kind"]!.GetValue<string>() == "lead_handed_over")
            .Should()
            .BeGreaterThanOrEqualTo(2, "Alpha was told when it got the lead and when the lead left it");
        (await Entries("charge")).Should().HaveCount(before, "a free hand-over charges nobody");
        (await HistoryChanges(lead))
            .Where(c => c["field"]!.GetValue<string>() == "handedOver")
            .Select(c => c["to"]!.GetValue<string>())
            .Should()
            .Equal("0.00", "0.00");
    }

    [Fact]
    public async Task A_franchisee_whose_balance_does_not_cover_the_price_gets_a_409_and_nothing_changes()
    {
        var lead = await HeadOfficeLead();
        var available = (
            await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK)
        )["available"]!.GetValue<decimal>();

        var problem = await ExpectProblem(
            await HandOver(lead, new { organizationId = Franchisee, price = available + 1m }),
            HttpStatusCode.Conflict,
            "insufficient_balance"
        );

        problem["availableBalance"]!.GetValue<decimal>().Should().Be(available);
        var unchanged = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);
        unchanged["organizationId"]!.GetValue<string>().Should().Be(Organization.HeadOfficeId.ToString());
        (await Entries("charge")).Should().NotContain(e => e["leadId"]!.GetValue<string>() == lead);
        (await HistoryChanges(lead)).Should().NotContain(c => c["field"]!.GetValue<string>() == "handedOver");
    }

    [Fact]
    public async Task A_lead_up_for_auction_is_not_handed_over()
    {
        var lead = await HeadOfficeLead();
        await ExpectJson(
            await Post(
                "/api/v1/lots",
                new
                {
                    leadId = lead,
                    startPrice = 1_000m,
                    minStep = 100m,
                    endsAt = DateTimeOffset.UtcNow.AddDays(1),
                }
            ),
            HttpStatusCode.Created
        );

        await ExpectProblem(
            await HandOver(lead, new { organizationId = PartnerAlpha }),
            HttpStatusCode.Conflict,
            "lot_already_open"
        );
    }

    [Theory]
    [InlineData("partner-with-price", "price")]
    [InlineData("head-office", "organizationId")]
    [InlineData("unknown", "organizationId")]
    [InlineData("empty", "organizationId")]
    [InlineData("zero-price", "price")]
    [InlineData("fractional-kopecks", "price")]
    public async Task A_receiver_that_may_not_get_the_lead_or_a_bad_price_is_a_400_on_the_field(
        string input,
        string field
    )
    {
        var lead = await HeadOfficeLead();
        object body = input switch
        {
            "partner-with-price" => new { organizationId = PartnerAlpha, price = 100m },
            "head-office" => new { organizationId = Organization.HeadOfficeId },
            "unknown" => new { organizationId = Guid.CreateVersion7() },
            "empty" => new { organizationId = Guid.Empty },
            "zero-price" => new { organizationId = Franchisee, price = 0m },
            _ => new { organizationId = Franchisee, price = 10.005m },
        };

        var problem = await ExpectProblem(await HandOver(lead, body), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_leads_own_organization_a_missing_lead_and_a_missing_body_are_refused()
    {
        var lead = await HeadOfficeLead();
        await ExpectJson(await HandOver(lead, new { organizationId = PartnerAlpha }), HttpStatusCode.OK);

        var again = await ExpectProblem(
            await HandOver(lead, new { organizationId = PartnerAlpha }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(again, "organizationId").Should().NotBeEmpty();
        await ExpectProblem(
            await HandOver(Guid.CreateVersion7().ToString(), new { organizationId = PartnerAlpha }),
            HttpStatusCode.NotFound,
            "not_found"
        );
        var missing = await ExpectProblem(
            await HandOver(lead, new { price = 10m }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(missing, "organizationId").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData(TestActor.PartnerAlpha)]
    [InlineData(TestActor.Franchisee)]
    [InlineData(TestActor.Guest)]
    public async Task Only_head_office_hands_leads_over(TestActor caller)
    {
        var lead = await HeadOfficeLead();
        using var http = await Server.CreateHttpClientAsync(caller);

        await ExpectProblem(
            await http.PostAsync($"/api/v1/leads/{lead}/hand-over", Body(new { organizationId = Franchisee })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
    }

    private async Task<string> HeadOfficeLead() => Id(await CreateLead(Id(await CreateClient())));

    private Task<HttpResponseMessage> HandOver(string lead, object body) =>
        Post($"/api/v1/leads/{lead}/hand-over", body);

    private async Task Deposit(decimal amount) =>
        await ExpectJson(
            await Post(
                "/api/v1/ledger/deposits",
                new
                {
                    organizationId = Franchisee,
                    amount,
                    comment = "Пополнение",
                }
            ),
            HttpStatusCode.Created
        );

    private async Task Balance(decimal available)
    {
        var balance = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);
        balance["available"]!.GetValue<decimal>().Should().Be(available);
    }

    private async Task<List<JsonNode>> Entries(string kind) =>
        (await ExpectJson(await Http.GetAsync($"/api/v1/ledger/entries?kind={kind}&limit=200"), HttpStatusCode.OK))[
            "items"
        ]!
            .AsArray()
            .Select(i => i!)
            .ToList();

    private async Task<List<JsonNode>> HistoryChanges(string lead) =>
        (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}/timeline?limit=200"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Where(i => i!["kind"]!.GetValue<string>() == "history")
            .Select(i => i!["change"]!)
            .ToList();

    private static async Task<List<JsonObject>> Inbox(HttpClient http) =>
        (await ExpectJson(await http.GetAsync("/api/v1/notifications?limit=200"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(i => i!.AsObject())
            .ToList();
}
