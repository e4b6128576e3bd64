using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.DemoData;
using MakCrm.IntegrationTests.Commissions;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.CreditProgrammes;

public sealed class CreditProgrammesApiTests(ApiServerFixture server) : CommissionTest(server)
{
    private const string Path = "/api/v1/credit-programmes";

    private static string Today => Day(TodayDate);

    /// <summary>A programme's body: a consumer loan of sberbank in force from a year ago, with what is given on
    /// top.</summary>
    private static Dictionary<string, object?> Programme(params (string Key, object? Value)[] fields)
    {
        var body = new Dictionary<string, object?>
        {
            ["bankCode"] = "sberbank",
            ["name"] = "Кредит наличными",
            ["product"] = "consumer",
            ["rateMin"] = 12.5m,
            ["rateMax"] = 24.9m,
            ["effectiveFrom"] = Day(TodayDate.AddDays(-365)),
            ["commissionPercent"] = 2m,
        };
        foreach (var (key, value) in fields)
        {
            body[key] = value;
        }

        return body;
    }

    private async Task<JsonObject> Create(params (string Key, object? Value)[] fields) =>
        await ExpectJson(await Post(Path, Programme(fields)), HttpStatusCode.Created);

    private static List<string> Names(JsonNode? items) =>
        items!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_programme_is_created_read_changed_under_if_match_and_archived()
    {
        var response = await Post(
            Path,
            Programme(
                ("name", "  Семейная   ипотека "),
                ("product", "mortgage"),
                ("amountMin", 300000m),
                ("amountMax", 12000000m),
                ("ageMin", 21),
                ("ageMax", 65),
                ("regions", new[] { "78", "77", "77" }),
                ("documents", new[] { "Паспорт", "Справка 2-НДФЛ" })
            )
        );
        var created = await ExpectJson(response, HttpStatusCode.Created);
        var id = Id(created);
        created["name"]!.GetValue<string>().Should().Be("Семейная ипотека");
        created["regions"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("77", "78");
        created["documents"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("Паспорт",
            "Справка 2-НДФЛ");
        created["termMinMonths"].Should().BeNull();
        created["effectiveTo"].Should().BeNull();
        created["archived"]!.GetValue<bool>().Should().BeFalse();
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");
        ETagOf(response).Should().Be("\"1\"");

        var read = await Http.GetAsync($"{Path}/{id}");
        (await ExpectJson(read, HttpStatusCode.OK))["amountMax"]!.GetValue<decimal>().Should().Be(12000000m);
        ETagOf(read).Should().Be("\"1\"");

        var patched = await Patch($"{Path}/{id}", new { rateMin = 11.9m, amountMax = (decimal?)null }, "\"1\"");
        var changed = await ExpectJson(patched, HttpStatusCode.OK);
        changed["rateMin"]!.GetValue<decimal>().Should().Be(11.9m);
        changed["amountMax"].Should().BeNull();
        changed["amountMin"]!.GetValue<decimal>().Should().Be(300000m);
        ETagOf(patched).Should().Be("\"2\"");

        await ExpectProblem(
            await Patch($"{Path}/{id}", new { archived = true }, "\"1\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectProblem(
            await Send(HttpMethod.Patch, $"{Path}/{id}", Json(new { archived = true }), "application/merge-patch+json"),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );
        var archived = await ExpectJson(
            await Patch($"{Path}/{id}", new { archived = true }, "\"2\""),
            HttpStatusCode.OK
        );
        archived["archived"]!.GetValue<bool>().Should().BeTrue();
        (await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK))["version"]!
            .GetValue<int>()
            .Should()
            .Be(3, "an archived programme is kept and still read");
    }

    [Fact]
    public async Task The_list_filters_by_bank_product_day_archived_and_name_and_pages_by_the_sort()
    {
        await Create(("name", "Наличными"), ("rateMin", 14m), ("rateMax", 20m));
        await Create(("name", "Ипотека"), ("product", "mortgage"), ("rateMin", 6m), ("rateMax", 12m));
        await Create(("name", "ВТБ наличными"), ("bankCode", "vtb"), ("rateMin", 9m), ("rateMax", 30m));
        await Create(("name", "Будущая"), ("effectiveFrom", Day(TodayDate.AddDays(10))));
        var old = await Create(("name", "Старая"), ("effectiveTo", Day(TodayDate.AddDays(-1))));
        await Patch($"{Path}/{Id(old)}", new { archived = true }, "\"1\"");

        Names((await ExpectJson(await Http.GetAsync(Path), HttpStatusCode.OK))["items"])
            .Should()
            .Equal("Будущая", "ВТБ наличными", "Ипотека", "Наличными",
                "Старая");
        Names((await ExpectJson(await Http.GetAsync($"{Path}?bankCode=vtb"), HttpStatusCode.OK))["items"])
            .Should()
            .Equal("ВТБ наличными");
        Names((await ExpectJson(await Http.GetAsync($"{Path}?product=mortgage"), HttpStatusCode.OK))["items"])
            .Should()
            .Equal("Ипотека");
        Names((await ExpectJson(await Http.GetAsync($"{Path}?effectiveOn={Today}"), HttpStatusCode.OK))["items"])
            .Should()
            .Equal("ВТБ наличными", "Ипотека", "Наличными");
        Names((await ExpectJson(await Http.GetAsync($"{Path}?archived=true"), HttpStatusCode.OK))["items"])
            .Should()
            .Equal("Старая");
        Names((await ExpectJson(await Http.GetAsync($"{Path}?q=НАЛИЧ"), HttpStatusCode.OK))["items"])
            .Should()
            .Equal("ВТБ наличными", "Наличными");

        var first = await ExpectJson(
            await Http.GetAsync($"{Path}?sort=rateMin&archived=false&limit=2"),
            HttpStatusCode.OK
        );
        Names(first["items"]).Should().Equal("Ипотека", "ВТБ наличными");
        var cursor = Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>());
        var second = await ExpectJson(
            await Http.GetAsync($"{Path}?sort=rateMin&archived=false&limit=2&cursor={cursor}"),
            HttpStatusCode.OK
        );
        Names(second["items"]).Should().Equal("Будущая", "Наличными");
        second["nextCursor"].Should().BeNull();
    }

    [Theory]
    [InlineData("rateMax", 10, "rateMax")]
    [InlineData("rateMin", 0, "rateMin")]
    [InlineData("amountMin", 500000, "amountMax")]
    [InlineData("termMinMonths", 120, "termMaxMonths")]
    [InlineData("ageMin", 70, "ageMax")]
    [InlineData("effectiveTo", "2020-01-01", "effectiveTo")]
    [InlineData("commissionPercent", 101, "commissionPercent")]
    [InlineData("incomeMin", -1, "incomeMin")]
    [InlineData("name", "  ", "name")]
    [InlineData("bankCode", "no_such_bank", "bankCode")]
    public async Task An_invalid_programme_is_a_field_error(string key, object value, string field)
    {
        var body = Programme(("amountMax", 100000m), ("termMaxMonths", 60), ("ageMax", 65), (key, value));
        var problem = await ExpectProblem(await Post(Path, body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Regions_must_be_russian_region_codes_and_a_patch_cannot_break_a_range()
    {
        var problem = await ExpectProblem(
            await Post(Path, Programme(("regions", new[] { "77", "Москва" }))),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "regions").Should().NotBeEmpty();

        var created = await Create(("amountMin", 100000m), ("amountMax", 500000m));
        var patched = await Patch($"{Path}/{Id(created)}", new { amountMin = 600000m }, "\"1\"");
        FieldErrors(await ExpectProblem(patched, HttpStatusCode.BadRequest, "validation_failed"), "amountMax")
            .Should()
            .NotBeEmpty();
        (await ExpectJson(await Http.GetAsync($"{Path}/{Id(created)}"), HttpStatusCode.OK))["version"]!
            .GetValue<int>()
            .Should()
            .Be(1, "a refused patch changes nothing");
    }

    [Fact]
    public async Task Partners_read_programmes_but_do_not_keep_them_and_unknown_ones_are_404()
    {
        var created = await Create();
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);

        (await partner.GetAsync($"{Path}/{Id(created)}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await partner.PostAsync(Path, Body(Programme())), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await guest.GetAsync(Path), HttpStatusCode.Forbidden, "forbidden");

        var unknown = $"{Path}/{Guid.CreateVersion7()}";
        await ExpectProblem(await Http.GetAsync(unknown), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Patch(unknown, new { rateMin = 5m }, "*"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync($"{Path}?sort=colour"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_lead_gets_the_programmes_it_matches_ranked_and_the_others_with_their_reasons()
    {
        var cheap = await Create(("name", "Дешёвая"), ("rateMin", 9m), ("rateMax", 15m), ("commissionPercent",
            1m));
        var generous = await Create(("name", "Щедрая"), ("rateMin", 9m), ("rateMax", 15m), ("commissionPercent",
            3m));
        var dear = await Create(("name", "Дорогая"), ("rateMin", 19m), ("rateMax", 29m), ("amountMax",
            2000000m));
        await Create(("name", "Малая"), ("amountMax", 300000m), ("ageMin", 21), ("ageMax", 70));
        await Create(("name", "Московская"), ("regions", new[] { "77" }), ("incomeMin", 50000m));
        await Create(("name", "Ипотека"), ("product", "mortgage"));
        await Create(("name", "Будущая"), ("effectiveFrom", Day(TodayDate.AddDays(5))));
        var archived = await Create(("name", "Архивная"));
        await Patch($"{Path}/{Id(archived)}", new { archived = true }, "\"1\"");
        var lead = Id(await CreateLead(Id(await CreateClient()), amount: 1_000_000m, product: "consumer"));

        var answer = await ExpectJson(
            await Http.GetAsync($"/api/v1/leads/{lead}/credit-programmes?termMonths=36&region=78"),
            HttpStatusCode.OK
        );

        answer["leadId"]!.GetValue<string>().Should().Be(lead);
        answer["on"]!.GetValue<string>().Should().Be(Today);
        var request = answer["request"]!;
        request["product"]!.GetValue<string>().Should().Be("consumer");
        request["amount"]!.GetValue<decimal>().Should().Be(1_000_000m);
        request["region"]!.GetValue<string>().Should().Be("78");
        request["age"].Should().BeNull();
        answer["matches"]!.AsArray().Select(m => Id(m!.AsObject())).Should().Equal(Id(generous), Id(cheap), Id(dear));
        var nonMatches = answer["nonMatches"]!.AsArray().Select(n => n!.AsObject()).ToList();
        nonMatches.Select(n => n["programme"]!["name"]!.GetValue<string>())
            .Should()
            .Equal(["Ипотека", "Будущая", "Малая", "Московская"],
                "the fewest reasons come first, then by rank");
        var reasons = nonMatches.Select(n => n["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList());
        reasons.Should().SatisfyRespectively(
            r => r.Should().Equal("product_mismatch"),
            r => r.Should().Equal("not_effective"),
            r => r.Should().Equal("amount_out_of_range", "needs_age"),
            r => r.Should().Equal("needs_income", "region_not_served")
        );

        var moreKnown = await ExpectJson(
            await Http.GetAsync(
                $"/api/v1/leads/{lead}/credit-programmes?amount=250000&age=30&monthlyIncome=80000&region=77"
                    + "&termMonths=12"
            ),
            HttpStatusCode.OK
        );
        moreKnown["matches"]!.AsArray().Select(m => m!["name"]!.GetValue<string>())
            .Should()
            .Equal("Щедрая", "Дешёвая", "Малая", "Московская", "Дорогая");
    }

    [Fact]
    public async Task A_lead_the_caller_may_not_read_is_404_and_bad_overrides_are_400()
    {
        var lead = Id(await CreateLead(Id(await CreateClient())));
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);

        await ExpectProblem(
            await partner.GetAsync($"/api/v1/leads/{lead}/credit-programmes"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/leads/{Guid.CreateVersion7()}/credit-programmes"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        var problem = await ExpectProblem(
            await Http.GetAsync($"/api/v1/leads/{lead}/credit-programmes?region=Moscow&amount=-5"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "region").Should().NotBeEmpty();
        FieldErrors(problem, "amount").Should().NotBeEmpty();
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/leads/{lead}/credit-programmes?termMonths=0"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    [Fact]
    public async Task The_profit_calculator_quotes_a_programmes_commission_in_place_of_the_base_rule()
    {
        var bank = await NewBank();
        await ShareRule("default", 0.5m);
        var programme = await Create(("bankCode", bank), ("commissionPercent", 2.5m));

        var body = (string? programmeId) =>
            new
            {
                bankCode = bank, product = "consumer", amount = 1_000_000m, termMonths = 36,
                creditProgrammeId = programmeId,
            };
        var quote = await ExpectJson(await Post("/api/v1/commission-quotes", body(Id(programme))), HttpStatusCode.OK);
        quote["baseMethod"]!.GetValue<string>().Should().Be("rate");
        quote["baseRate"]!.GetValue<decimal>().Should().Be(0.025m);
        quote["base"]!.GetValue<decimal>().Should().Be(25000m);
        quote["income"]!.GetValue<decimal>().Should().Be(12500m);
        quote["creditProgrammeId"]!.GetValue<string>().Should().Be(Id(programme));
        await ExpectProblem(
            await Post("/api/v1/commission-quotes", body(null)),
            HttpStatusCode.Conflict,
            "commission_rules_missing"
        );
    }

    [Fact]
    public async Task A_quote_with_an_unknown_archived_or_other_programme_is_refused()
    {
        var programme = await Create(("bankCode", "vtb"));
        var body = (object? id, string bank, string product) =>
            new { bankCode = bank, product, amount = 500000m, termMonths = 24, creditProgrammeId = id };

        await ExpectProblem(
            await Post("/api/v1/commission-quotes", body(Guid.CreateVersion7(), "vtb", "consumer")),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Post("/api/v1/commission-quotes", body(Id(programme), "sberbank", "consumer")),
            HttpStatusCode.Conflict,
            "credit_programme_not_applicable"
        );
        await ExpectProblem(
            await Post("/api/v1/commission-quotes", body(Id(programme), "vtb", "auto")),
            HttpStatusCode.Conflict,
            "credit_programme_not_applicable"
        );
        await Patch($"{Path}/{Id(programme)}", new { archived = true }, "\"1\"");
        await ExpectProblem(
            await Post("/api/v1/commission-quotes", body(Id(programme), "vtb", "consumer")),
            HttpStatusCode.Conflict,
            "credit_programme_not_applicable"
        );
    }

    [Fact]
    public async Task The_demo_data_has_programmes_that_demo_leads_match_and_seeding_again_adds_none()
    {
        var seed = () => Server.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
            return true;
        });
        await seed();
        await seed();

        var programmes = await ExpectJson(await Http.GetAsync($"{Path}?limit=100"), HttpStatusCode.OK);
        programmes["items"]!.AsArray().Should().HaveCount(10);
        var lead = await ExpectJson(await Http.GetAsync("/api/v1/leads?product=consumer&limit=1"), HttpStatusCode.OK);
        var matched = await ExpectJson(
            await Http.GetAsync($"/api/v1/leads/{Id(lead["items"]![0]!.AsObject())}/credit-programmes?amount=1000000"),
            HttpStatusCode.OK
        );
        matched["matches"]!.AsArray().Select(m => m!["bankCode"]!.GetValue<string>())
            .Should()
            .Equal("sberbank", "tbank");
    }
}
