using System.Net;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auction;

public sealed class LotsApiTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task Putting_a_lead_up_moves_it_into_the_auction_status_and_records_the_lot_in_its_history()
    {
        var lead = await NewLead();
        var lot = await PutUp(
            Id(lead),
            startPrice: 1500m,
            minStep: 100m,
            reservePrice: 2000m,
            cities: ["Пермь", " пермь "],
            grades: ["Gold"]
        );

        lot["leadId"]!.GetValue<string>().Should().Be(Id(lead));
        lot["status"]!.GetValue<string>().Should().Be("live");
        lot["startPrice"]!.GetValue<decimal>().Should().Be(1500m);
        lot["minNextBid"]!.GetValue<decimal>().Should().Be(1500m);
        lot["reservePrice"]!.GetValue<decimal>().Should().Be(2000m, "head office sees the reserve");
        lot["eligibleCities"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("Пермь");
        lot["eligibleGrades"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("gold");
        lot["round"]!.GetValue<int>().Should().Be(1);
        lot["contact"]!["phone"]!.GetValue<string>().Should().StartWith("+7");

        var moved = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK);
        moved["status"]!.GetValue<string>().Should().Be("auction");
        var timeline = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}/timeline"), HttpStatusCode.OK);
        timeline["items"]!
            .AsArray()
            .Select(i => i!["change"]?["field"]?.GetValue<string>() + "=" + i!["change"]?["to"]?.GetValue<string>())
            .Should()
            .Contain(["auctionLot=" + Id(lot), "status=auction"]);

        var audit = await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityType=lot&entityId={Id(lot)}"),
            HttpStatusCode.OK
        );
        audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Equal("lot.created");

        await ExpectProblem(
            await Post(
                "/api/v1/lots",
                new
                {
                    leadId = Id(lead),
                    startPrice = 1000m,
                    minStep = 100m,
                    endsAt = DateTimeOffset.UtcNow.AddHours(1),
                }
            ),
            HttpStatusCode.Conflict,
            "lot_already_open"
        );
    }

    [Fact]
    public async Task A_franchisee_sees_the_lead_masked_before_winning_and_in_full_after()
    {
        var lead = await NewLead("Петрова Анна Сергеевна", city: "Пермь");
        var lot = await PutUp(Id(lead), startPrice: 1000m, reservePrice: 1500m);
        var winner = await NewFranchisee(deposit: 10_000m);
        var loser = await NewFranchisee(deposit: 10_000m);

        var response = await winner.Http.GetAsync($"/api/v1/lots/{Id(lot)}");
        var text = await response.Content.ReadAsStringAsync();
        var masked = await ExpectJson(response, HttpStatusCode.OK);
        masked["lead"]!["name"]!.GetValue<string>().Should().Be("Анна П.");
        masked["lead"]!["city"]!.GetValue<string>().Should().Be("Пермь");
        masked["lead"]!["requestedAmount"]!.GetValue<decimal>().Should().Be(2_500_000m);
        masked["lead"]!["product"]!.GetValue<string>().Should().Be("mortgage");
        masked["lead"]!["source"]!.GetValue<string>().Should().Be("partner");
        masked["contact"].Should().BeNull();
        masked["reservePrice"].Should().BeNull("the reserve is head office's");
        text.Should()
            .NotContain("+7")
            .And.NotContain("@example.ru")
            .And.NotContain("Петрова")
            .And.NotContain("Сергеевна");
        (await winner.Http.GetAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var listed = await ExpectJson(await winner.Http.GetAsync("/api/v1/lots?status=open"), HttpStatusCode.OK);
        listed.ToJsonString().Should().NotContain("+7").And.NotContain("@example.ru");

        await ExpectBid(loser.Http, Id(lot), 1000m);
        await ExpectBid(winner.Http, Id(lot), 1600m);
        await EndNow(Id(lot));
        (await CloseDueLots()).Should().Be(1);

        var full = await Get(winner.Http, $"/api/v1/lots/{Id(lot)}");
        full["status"]!.GetValue<string>().Should().Be("sold");
        full["outcome"]!.GetValue<string>().Should().Be("sold");
        full["assignedOrganizationId"]!.GetValue<string>().Should().Be(winner.OrganizationId.ToString());
        full["contact"]!["fullName"]!.GetValue<string>().Should().Be("Петрова Анна Сергеевна");
        full["contact"]!["phone"]!.GetValue<string>().Should().StartWith("+7");
        full["contact"]!["email"]!.GetValue<string>().Should().EndWith("@example.ru");
        var theirs = await Get(winner.Http, $"/api/v1/leads/{Id(lead)}");
        theirs["organizationId"]!.GetValue<string>().Should().Be(winner.OrganizationId.ToString());
        theirs["status"]!.GetValue<string>().Should().Be("in_progress");
        var client = await Get(winner.Http, $"/api/v1/clients/{theirs["clientId"]!.GetValue<string>()}");
        client["fullName"]!.GetValue<string>().Should().Be("Петрова Анна Сергеевна");
        client["phone"]!.GetValue<string>().Should().Be(full["contact"]!["phone"]!.GetValue<string>());

        var lost = await Get(loser.Http, $"/api/v1/lots/{Id(lot)}");
        lost["contact"].Should().BeNull();
        lost["assignedOrganizationId"].Should().BeNull();
        (await loser.Http.GetAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Putting_up_is_validated_per_field_and_follows_the_status_graph()
    {
        var lead = await NewLead();
        var problem = await ExpectProblem(
            await Post(
                "/api/v1/lots",
                new
                {
                    leadId = Id(lead),
                    startPrice = 0m,
                    minStep = -1m,
                    reservePrice = 0.001m,
                    endsAt = DateTimeOffset.UtcNow.AddHours(-1),
                    eligibleCities = new[] { " " },
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        foreach (var field in new[] { "startPrice", "minStep", "reservePrice", "endsAt", "eligibleCities" })
        {
            FieldErrors(problem, field).Should().NotBeEmpty(field);
        }

        problem = await ExpectProblem(
            await Post("/api/v1/lots", new { leadId = Id(lead), startPrice = 1000m }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "minStep").Should().NotBeEmpty();
        FieldErrors(problem, "endsAt").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Post(
                "/api/v1/lots",
                new
                {
                    leadId = Guid.CreateVersion7(),
                    startPrice = 1000m,
                    minStep = 100m,
                    endsAt = DateTimeOffset.UtcNow.AddHours(1),
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "leadId").Should().NotBeEmpty();

        var client = await CreateClient(email: null);
        var inWork = await CreateLead(Id(client), status: "approved");
        await ExpectProblem(
            await Post(
                "/api/v1/lots",
                new
                {
                    leadId = Id(inWork),
                    startPrice = 1000m,
                    minStep = 100m,
                    endsAt = DateTimeOffset.UtcNow.AddHours(1),
                }
            ),
            HttpStatusCode.Conflict,
            "lead_status_transition_not_allowed"
        );
        (await ExpectJson(await Http.GetAsync("/api/v1/lots"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Should()
            .BeEmpty("nothing was written");
    }

    [Fact]
    public async Task Lots_are_listed_newest_first_with_filters_and_cursors()
    {
        var lots = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            lots.Add(Id(await NewLot(endsAt: DateTimeOffset.UtcNow.AddHours(3 - i))));
        }

        var franchisee = await NewFranchisee();
        (await ListAllIds("/api/v1/lots", limit: 2)).Should().Equal(lots[2], lots[1], lots[0]);
        (await ListAllIds("/api/v1/lots?sort=endsAt", limit: 1)).Should().Equal(lots[2], lots[1], lots[0]);
        (await Get(franchisee.Http, "/api/v1/lots?status=sold"))["items"]!.AsArray().Should().BeEmpty();
        var lead = (await Get(Http, $"/api/v1/lots/{lots[0]}"))["leadId"]!.GetValue<string>();
        (await ListAllIds($"/api/v1/lots?leadId={lead}", limit: 5)).Should().Equal(lots[0]);

        var problem = await ExpectProblem(
            await Http.GetAsync("/api/v1/lots?status=won&sort=price"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "status").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Http.GetAsync("/api/v1/lots?sort=price"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "sort").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Http.GetAsync("/api/v1/lots?limit=0"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "limit").Should().NotBeEmpty();
        await ExpectProblem(
            await Http.GetAsync("/api/v1/lots?cursor=bm9wZQ"),
            HttpStatusCode.BadRequest,
            "invalid_cursor"
        );
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/lots/{Guid.CreateVersion7()}"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }
}
