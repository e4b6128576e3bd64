using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Deals;
using MakCrm.IntegrationTests.Documents;
using MakCrm.Infrastructure.DemoData;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Targets;

/// <summary>
/// Monthly sales targets over the real HTTP pipeline and PostgreSQL: set by head office for organizations and by an
/// owner for its users, their attainment from the deals won in the month (closed in it, in Moscow time), and the
/// attainment in the forecast and on the dashboards, their PDF included.
/// </summary>
public sealed class SalesTargetsApiTests(ApiServerFixture server) : DealTest(server)
{
    private const string Path = "/api/v1/sales-targets";
    private static readonly string Alpha = TestActors.PartnerAlphaOrganization.ToString();

    private static object Target(
        string organizationId,
        string month,
        decimal amount,
        int? deals = null,
        Guid? userId = null
    ) =>
        new
        {
            organizationId,
            userId,
            month,
            amount,
            deals,
        };

    /// <summary>A deal of the caller's organization won at <paramref name="closedAt"/>.</summary>
    private async Task Won(HttpClient http, decimal amount, string closedAt, Guid? responsible = null)
    {
        var client = await ExpectJson(
            await http.PostAsync(
                "/api/v1/clients",
                Body(
                    new
                    {
                        fullName = "Планов Пётр",
                        phone = UniquePhone(),
                        source = "partner",
                    }
                )
            ),
            HttpStatusCode.Created
        );
        var deal = await ExpectJson(
            await http.PostAsync(
                "/api/v1/deals",
                Body(
                    new
                    {
                        clientId = Id(client),
                        title = "Ипотека",
                        amount,
                        product = "mortgage",
                        responsibleUserId = responsible,
                    }
                )
            ),
            HttpStatusCode.Created
        );
        (await http.PostAsync($"/api/v1/deals/{Id(deal)}/moves", Body(new { stageId = WonStage })))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        await Execute($"UPDATE deals SET closed_at = '{closedAt}' WHERE id = '{Id(deal)}'");
    }

    private static JsonObject Attainment(JsonObject target) => target["attainment"]!.AsObject();

    [Fact]
    public async Task Head_office_sets_an_organizations_target_whose_attainment_counts_the_deals_won_in_the_month()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await Won(alpha, 500_000m, "2031-03-10T09:00:00Z");
        await Won(alpha, 300_000m, "2031-03-31T20:59:00Z");
        await Won(alpha, 900_000m, "2031-03-31T21:00:00Z"); // 00:00 on 1 April in Moscow: April's
        await Won(Http, 700_000m, "2031-03-12T09:00:00Z"); // head office's, not Alpha's

        var response = await Post(Path, Target(Alpha, "2031-03", 2_000_000m, 4));
        var created = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"{Path}/{Id(created)}");
        ETagOf(response).Should().Be("\"1\"");
        created["organizationName"]!.GetValue<string>().Should().NotBeEmpty();
        created["userId"].Should().BeNull();
        created["month"]!.GetValue<string>().Should().Be("2031-03");
        Attainment(created)["wonDeals"]!.GetValue<int>().Should().Be(2);
        Attainment(created)["wonAmount"]!.GetValue<decimal>().Should().Be(800_000m);
        Attainment(created)["amountShare"]!.GetValue<decimal>().Should().Be(0.4m);
        Attainment(created)["dealsShare"]!.GetValue<decimal>().Should().Be(0.5m);

        var read = await ExpectJson(await Http.GetAsync($"{Path}/{Id(created)}"), HttpStatusCode.OK);
        read.ToJsonString().Should().Be(created.ToJsonString());

        var changed = await Patch($"{Path}/{Id(created)}", new { amount = 1_600_000m, deals = (int?)null }, "\"1\"");
        var patched = await ExpectJson(changed, HttpStatusCode.OK);
        ETagOf(changed).Should().Be("\"2\"");
        Attainment(patched)["amountShare"]!.GetValue<decimal>().Should().Be(0.5m);
        Attainment(patched)["dealsShare"].Should().BeNull("the target has no count any more");
        await ExpectProblem(
            await Patch($"{Path}/{Id(created)}", new { amount = 1m }, "\"1\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectProblem(
            await Patch($"{Path}/{Id(created)}", new { amount = 1m }, null),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );

        // Alpha reads its own target, with the forecast of its own organization.
        var own = await ExpectJson(
            await alpha.GetAsync($"{Path}?monthFrom=2031-01&monthTo=2031-12"),
            HttpStatusCode.OK
        );
        own["items"]!.AsArray().Select(t => Id(t!.AsObject())).Should().Equal(Id(created));
        var forecast = await ExpectJson(
            await alpha.GetAsync("/api/v1/forecast?from=2031-02-01T00:00:00%2B03:00&to=2031-05-01T00:00:00%2B03:00"),
            HttpStatusCode.OK
        );
        var targets = forecast["targets"]!.AsArray();
        targets.Should().ContainSingle();
        targets[0]!["month"]!.GetValue<string>().Should().Be("2031-03");
        Attainment(targets[0]!.AsObject())["wonAmount"]!.GetValue<decimal>().Should().Be(800_000m);
        var all = await ExpectJson(
            await Http.GetAsync("/api/v1/forecast?from=2031-02-01T00:00:00%2B03:00&to=2031-05-01T00:00:00%2B03:00"),
            HttpStatusCode.OK
        );
        all["targets"]!.AsArray().Should().BeEmpty("a forecast of every organization has no one target");
        var narrowed = await ExpectJson(
            await Http.GetAsync(
                $"/api/v1/forecast?organizationId={Alpha}&from=2031-03-01T00:00:00%2B03:00"
                    + "&to=2031-04-01T00:00:00%2B03:00"
            ),
            HttpStatusCode.OK
        );
        narrowed["targets"]!.AsArray().Should().ContainSingle();

        (await Send(HttpMethod.Delete, $"{Path}/{Id(created)}", ifMatch: "\"1\""))
            .StatusCode.Should()
            .Be(HttpStatusCode.PreconditionFailed);
        (await Send(HttpMethod.Delete, $"{Path}/{Id(created)}", ifMatch: "\"2\""))
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"{Path}/{Id(created)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectJson(await Post(Path, Target(Alpha, "2031-03", 1_000_000m)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_owner_sets_its_users_targets_and_a_users_attainment_counts_the_deals_it_is_responsible_for()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var owner = await UserId(TestActor.PartnerAlpha);
        var colleague = (
            await Server.CreateUserAsync(
                $"seller-{Guid.NewGuid():N}@test.mak",
                "partner",
                TestActors.PartnerAlphaOrganization
            )
        ).Id;
        await Won(alpha, 250_000m, "2031-06-05T09:00:00Z", colleague);
        await Won(alpha, 400_000m, "2031-06-06T09:00:00Z", owner);

        var response = await alpha.PostAsync(Path, Body(Target(Alpha, "2031-06", 1_000_000m, userId: colleague)));
        var mine = await ExpectJson(response, HttpStatusCode.Created);
        mine["userId"]!.GetValue<Guid>().Should().Be(colleague);
        mine["userName"]!.GetValue<string>().Should().NotBeEmpty();
        var organization = await ExpectJson(
            await Post(Path, Target(Alpha, "2031-06", 2_000_000m)),
            HttpStatusCode.Created
        );
        Attainment(organization)["wonAmount"]!.GetValue<decimal>().Should().Be(650_000m);

        await ExpectProblem(
            await alpha.PostAsync(Path, Body(Target(Alpha, "2031-07", 1_000m))),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        var beta = TestActors.PartnerBetaOrganization.ToString();
        await ExpectProblem(
            await alpha.PostAsync(Path, Body(Target(beta, "2031-07", 1_000m, userId: colleague))),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ExpectProblem(
            await Post(Path, Target(beta, "2031-07", 1_000m, userId: colleague)),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectJson(
            await alpha.PostAsync(Path, Body(Target(Alpha, "2031-06", 500_000m, userId: owner))),
            HttpStatusCode.Created
        );

        using var betaOwner = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await betaOwner.GetAsync($"{Path}/{Id(mine)}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await betaOwner.GetAsync(Path), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        await ExpectProblem(
            await betaOwner.PatchAsync($"{Path}/{Id(mine)}", Body(new { amount = 1m })),
            HttpStatusCode.NotFound,
            "not_found"
        );

        var users = await ExpectJson(await alpha.GetAsync($"{Path}?level=user"), HttpStatusCode.OK);
        users["items"]!.AsArray().Should().HaveCount(2, "the colleague's and the owner's own");
        var byUser = await ExpectJson(await Http.GetAsync($"{Path}?userId={colleague}"), HttpStatusCode.OK);
        byUser["items"]!.AsArray().Select(t => Id(t!.AsObject())).Should().Equal(Id(mine));

        var forecast = await ExpectJson(
            await alpha.GetAsync(
                $"/api/v1/forecast?responsibleUserId={colleague}&from=2031-06-01T00:00:00%2B03:00"
                    + "&to=2031-07-01T00:00:00%2B03:00"
            ),
            HttpStatusCode.OK
        );
        var targets = forecast["targets"]!.AsArray();
        targets.Select(t => Id(t!.AsObject())).Should().Equal(Id(mine));
        Attainment(targets[0]!.AsObject())["wonAmount"]!.GetValue<decimal>().Should().Be(250_000m);
        Attainment(targets[0]!.AsObject())["amountShare"]!.GetValue<decimal>().Should().Be(0.25m);

        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync(Path), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_second_target_for_the_month_is_a_409_and_bad_input_a_400_naming_the_field()
    {
        await ExpectJson(await Post(Path, Target(Alpha, "2031-09", 1_000m)), HttpStatusCode.Created);
        await ExpectProblem(
            await Post(Path, Target(Alpha, "2031-09", 2_000m)),
            HttpStatusCode.Conflict,
            "sales_target_exists"
        );
        var owner = await UserId(TestActor.PartnerAlpha);
        await ExpectJson(await Post(Path, Target(Alpha, "2031-09", 500m, userId: owner)), HttpStatusCode.Created);
        await ExpectProblem(
            await Post(Path, Target(Alpha, "2031-09", 600m, userId: owner)),
            HttpStatusCode.Conflict,
            "sales_target_exists"
        );

        foreach (
            var (body, field) in new (object, string)[]
            {
                (Target(Alpha, "2031-13", 1_000m), "month"),
                (Target(Alpha, "1999-12", 1_000m), "month"),
                (Target(Alpha, "2031-1", 1_000m), "month"),
                (Target(Alpha, "2031-10", 0m), "amount"),
                (Target(Alpha, "2031-10", 10.001m), "amount"),
                (Target(Alpha, "2031-10", 20_000_000_000m), "amount"),
                (Target(Alpha, "2031-10", 1_000m, 0), "deals"),
                (Target(Alpha, "2031-10", 1_000m, userId: Guid.CreateVersion7()), "userId"),
            }
        )
        {
            var problem = await ExpectProblem(await Post(Path, body), HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, field).Should().NotBeEmpty(Json(body));
        }

        await ExpectProblem(
            await Post(Path, Target(Guid.CreateVersion7().ToString(), "2031-10", 1_000m)),
            HttpStatusCode.NotFound,
            "not_found"
        );
        var target = await ExpectJson(await Post(Path, Target(Alpha, "2031-10", 1_000m)), HttpStatusCode.Created);
        var problem2 = await ExpectProblem(
            await Patch($"{Path}/{Id(target)}", new { amount = -5m }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem2, "amount").Should().NotBeEmpty();
        await ExpectProblem(
            await Patch($"{Path}/{Guid.CreateVersion7()}", new { amount = 5m }, "\"1\""),
            HttpStatusCode.NotFound,
            "not_found"
        );
        FieldErrors(
                await ExpectProblem(
                    await Http.GetAsync($"{Path}?monthFrom=2031-05&monthTo=2031-04"),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "monthTo"
            )
            .Should()
            .NotBeEmpty();
        await ExpectProblem(
            await Http.GetAsync($"{Path}?monthFrom=may"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    [Fact]
    public async Task The_list_pages_by_month_and_filters_by_organization_and_months()
    {
        foreach (var month in new[] { "2032-03", "2032-01", "2032-02", "2032-04" })
        {
            await ExpectJson(await Post(Path, Target(Alpha, month, 1_000m)), HttpStatusCode.Created);
        }

        var beta = TestActors.PartnerBetaOrganization.ToString();
        await ExpectJson(await Post(Path, Target(beta, "2032-02", 1_000m)), HttpStatusCode.Created);

        var first = await ExpectJson(await Http.GetAsync($"{Path}?organizationId={Alpha}&limit=3"), HttpStatusCode.OK);
        first["items"]!
            .AsArray()
            .Select(t => t!["month"]!.GetValue<string>())
            .Should()
            .Equal("2032-01", "2032-02", "2032-03");
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await ExpectJson(
            await Http.GetAsync($"{Path}?organizationId={Alpha}&limit=3&cursor={cursor}"),
            HttpStatusCode.OK
        );
        second["items"]!.AsArray().Select(t => t!["month"]!.GetValue<string>()).Should().Equal("2032-04");
        second["nextCursor"].Should().BeNull();

        var window = await ExpectJson(
            await Http.GetAsync($"{Path}?monthFrom=2032-02&monthTo=2032-03&sort=-month"),
            HttpStatusCode.OK
        );
        window["items"]!
            .AsArray()
            .Select(t => (t!["month"]!.GetValue<string>(), t["organizationId"]!.GetValue<string>()))
            .Should()
            .BeEquivalentTo([("2032-03", Alpha), ("2032-02", Alpha), ("2032-02", beta)]);
        var organizations = await ExpectJson(
            await Http.GetAsync($"{Path}?level=organization&organizationId={beta}"),
            HttpStatusCode.OK
        );
        organizations["items"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task The_dashboards_carry_the_attainment_of_the_periods_months_in_JSON_and_in_the_PDF()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var owner = await UserId(TestActor.PartnerAlpha);
        await Won(alpha, 1_500_000m, "2033-05-20T09:00:00Z", owner);
        var organization = await ExpectJson(
            await Post(Path, Target(Alpha, "2033-05", 3_000_000m, 3)),
            HttpStatusCode.Created
        );
        var user = await ExpectJson(
            await Post(Path, Target(Alpha, "2033-05", 1_000_000m, userId: owner)),
            HttpStatusCode.Created
        );
        await ExpectJson(await Post(Path, Target(Alpha, "2033-07", 1_000_000m)), HttpStatusCode.Created); // outside

        const string May = "from=2033-05-01&to=2033-05-31";
        var head = await ExpectJson(await Http.GetAsync($"/api/v1/dashboards/head-office?{May}"), HttpStatusCode.OK);
        head["targets"]!.AsArray().Select(t => Id(t!.AsObject())).Should().Equal(Id(organization));
        Attainment(head["targets"]![0]!.AsObject())["amountShare"]!.GetValue<decimal>().Should().Be(0.5m);

        var partner = await ExpectJson(await alpha.GetAsync($"/api/v1/dashboards/partner?{May}"), HttpStatusCode.OK);
        partner["targets"]!.AsArray().Select(t => Id(t!.AsObject())).Should().Equal(Id(organization), Id(user));
        Attainment(partner["targets"]![1]!.AsObject())["amountShare"]!.GetValue<decimal>().Should().Be(1.5m);
        var cached = await ExpectJson(await alpha.GetAsync($"/api/v1/dashboards/partner?{May}"), HttpStatusCode.OK);
        cached.ToJsonString().Should().Be(partner.ToJsonString(), "the cached dashboard carries its targets too");

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var other = await ExpectJson(await beta.GetAsync($"/api/v1/dashboards/partner?{May}"), HttpStatusCode.OK);
        other["targets"]!.AsArray().Should().BeEmpty("Alpha's targets are not Beta's");

        using var pdf = await alpha.GetAsync($"/api/v1/dashboards/partner/pdf?{May}");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await GeneratedDocumentTexts.PdfTextAsync(await pdf.Content.ReadAsByteArrayAsync());
        text.Should().Contain("Выполнение плана продаж").And.Contain("2033-05");
        text.Should().Contain("3 000 000,00").And.Contain("1 500 000,00").And.Contain("50,0 %").And.Contain("150,0 %");
    }

    [Fact]
    public async Task The_demo_data_has_this_months_targets_with_deals_won_against_them()
    {
        await Server.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
            return true;
        });
        var month = TimeZoneInfo
            .ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"))
            .ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var targets = await ExpectJson(
            await Http.GetAsync(
                $"{Path}?organizationId={DemoDataSeeder.PartnerAlphaId}&monthFrom={month}&monthTo={month}"
            ),
            HttpStatusCode.OK
        );

        var items = targets["items"]!.AsArray().Select(t => t!.AsObject()).ToList();
        items.Select(t => t["userId"] is null).Should().BeEquivalentTo([true, false], "the organization's, its user's");
        items.Should().OnlyContain(t => Attainment(t)["wonDeals"]!.GetValue<int>() > 0);
    }
}
