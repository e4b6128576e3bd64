using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Events;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

/// <summary>The managed bank list, and the loan issue (and its cancellation) recorded on a deal.</summary>
public sealed class LoanIssuesApiTests(ApiServerFixture server) : DealTest(server)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");

    private static object Issue(decimal amount = 1_500_000m, string bankCode = "sberbank", string? issuedOn = null) =>
        new { issuedOn = issuedOn ?? Today, amount, bankCode, product = "consumer", termMonths = 60 };

    private Task<HttpResponseMessage> Put(string url, object body, string? ifMatch = null) => Send(HttpMethod.Put, url, Json(body), ifMatch: ifMatch);

    /// <summary>A deal's loan with its amount as a number (a deal read back has it with the column's scale: 1500000.00).</summary>
    private static (string Others, decimal Amount) Loan(JsonObject deal)
    {
        var loan = deal["loan"]!.AsObject().DeepClone().AsObject();
        var amount = loan["amount"]!.GetValue<decimal>();
        loan.Remove("amount");
        return (loan.ToJsonString(), amount);
    }

    private async Task<string> NewDeal() => Id(await CreateDeal(Id(await CreateClient())));

    [Fact]
    public async Task The_migration_seeds_banks_and_head_office_adds_renames_and_deactivates_one()
    {
        var seeded = (await ExpectJson(await Http.GetAsync("/api/v1/banks"), HttpStatusCode.OK))["items"]!.AsArray().Select(b => b!["code"]!.GetValue<string>());
        seeded.Should().Contain(["sberbank", "vtb", "alfabank", "gazprombank", "tbank"]);

        var code = $"bank_{Guid.NewGuid():N}"[..20];
        var response = await Post("/api/v1/banks", new { code, name = "  Банк   Тест " });
        var created = await ExpectJson(response, HttpStatusCode.Created);
        created["name"]!.GetValue<string>().Should().Be("Банк Тест");
        created["active"]!.GetValue<bool>().Should().BeTrue();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/banks/{code}");
        await ExpectProblem(await Post("/api/v1/banks", new { code, name = "Ещё раз" }), HttpStatusCode.Conflict, "bank_exists");

        var renamed = await ExpectJson(await Patch($"/api/v1/banks/{code}", new { name = "Банк Тест 2", active = false }, "\"1\""), HttpStatusCode.OK);
        renamed["name"]!.GetValue<string>().Should().Be("Банк Тест 2");
        renamed["active"]!.GetValue<bool>().Should().BeFalse();
        await ExpectProblem(await Patch($"/api/v1/banks/{code}", new { name = "Старая версия" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await Send(HttpMethod.Patch, $"/api/v1/banks/{code}", Json(new { name = "Без версии" }), "application/merge-patch+json")).StatusCode
            .Should().Be(HttpStatusCode.PreconditionRequired);
        await ExpectProblem(await Patch("/api/v1/banks/no_such_bank", new { name = "Нет" }, "\"1\""), HttpStatusCode.NotFound, "not_found");

        // A deactivated bank cannot be named on a new issue.
        var deal = await NewDeal();
        var refused = await ExpectProblem(await Put($"/api/v1/deals/{deal}/loan", Issue(bankCode: code)), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(refused, "bankCode").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("""{"code":"Bad Code","name":"Имя"}""", "code")]
    [InlineData("""{"code":"ok_bank","name":"  "}""", "name")]
    [InlineData("""{"name":"Имя"}""", "code")]
    public async Task Invalid_new_banks_are_field_errors(string body, string field)
    {
        var problem = await ExpectProblem(await Post("/api/v1/banks", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_recorded_issue_is_on_the_deal_a_replay_changes_nothing_and_another_issue_over_it_is_409()
    {
        var deal = await NewDeal();

        var response = await Put($"/api/v1/deals/{deal}/loan", Issue());
        var issued = await ExpectJson(response, HttpStatusCode.OK);
        var loan = issued["loan"]!.AsObject();
        loan["number"]!.GetValue<int>().Should().Be(1);
        loan["issuedOn"]!.GetValue<string>().Should().Be(Today);
        loan["amount"]!.GetValue<decimal>().Should().Be(1_500_000m);
        loan["bankCode"]!.GetValue<string>().Should().Be("sberbank");
        loan["product"]!.GetValue<string>().Should().Be("consumer");
        loan["termMonths"]!.GetValue<int>().Should().Be(60);
        loan["cancelledOn"].Should().BeNull();
        loan["cancellationReason"].Should().BeNull();
        var version = ETagOf(response);

        var replay = await Put($"/api/v1/deals/{deal}/loan", Issue());
        Loan(await ExpectJson(replay, HttpStatusCode.OK)).Should().Be(Loan(issued));
        ETagOf(replay).Should().Be(version);
        await ExpectProblem(await Put($"/api/v1/deals/{deal}/loan", Issue(amount: 2_000_000m)), HttpStatusCode.Conflict, "loan_already_issued");

        var read = await ExpectJson(await Http.GetAsync($"/api/v1/deals/{deal}"), HttpStatusCode.OK);
        Loan(read).Should().Be(Loan(issued));
        var listed = await ExpectJson(await Http.GetAsync($"/api/v1/deals?clientId={issued["clientId"]}"), HttpStatusCode.OK);
        Loan(listed["items"]!.AsArray().Single()!.AsObject()).Should().Be(Loan(issued));
    }

    [Fact]
    public async Task A_cancellation_is_recorded_once_and_a_re_issue_after_it_is_the_next_issue_each_raising_its_event()
    {
        var deal = await NewDeal();
        await ExpectProblem(await Put($"/api/v1/deals/{deal}/loan/cancellation", new { cancelledOn = Today, reason = "early_return" }), HttpStatusCode.Conflict, "loan_not_issued");
        await ExpectJson(await Put($"/api/v1/deals/{deal}/loan", Issue(issuedOn: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd"))), HttpStatusCode.OK);

        var early = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)).ToString("yyyy-MM-dd");
        var before = await ExpectProblem(await Put($"/api/v1/deals/{deal}/loan/cancellation", new { cancelledOn = early, reason = "early_return" }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(before, "cancelledOn").Should().NotBeEmpty();

        var cancelled = await ExpectJson(await Put($"/api/v1/deals/{deal}/loan/cancellation", new { cancelledOn = Today, reason = "early_return" }), HttpStatusCode.OK);
        cancelled["loan"]!["cancelledOn"]!.GetValue<string>().Should().Be(Today);
        cancelled["loan"]!["cancellationReason"]!.GetValue<string>().Should().Be("early_return");
        await ExpectJson(await Put($"/api/v1/deals/{deal}/loan/cancellation", new { cancelledOn = Today, reason = "early_return" }), HttpStatusCode.OK);
        await ExpectProblem(await Put($"/api/v1/deals/{deal}/loan/cancellation", new { cancelledOn = Today, reason = "bank_clawback" }), HttpStatusCode.Conflict, "loan_not_issued");

        var reissued = await ExpectJson(await Put($"/api/v1/deals/{deal}/loan", Issue(amount: 900_000m, bankCode: "vtb")), HttpStatusCode.OK);
        reissued["loan"]!["number"]!.GetValue<int>().Should().Be(2);
        reissued["loan"]!["cancelledOn"].Should().BeNull();

        var events = await EventFeedReading.EventsOf(Http, deal, count: 7);
        events.Select(e => e["type"]!.GetValue<string>()).Should().Equal(
            "deal.created", "deal.updated", "deal.loan_issued", "deal.updated", "deal.loan_cancelled", "deal.updated", "deal.loan_issued");
        events[6]["data"]!["loan"]!["number"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task Parallel_recordings_of_one_issue_record_it_once()
    {
        var deal = await NewDeal();

        var answers = await Together(8, _ => Put($"/api/v1/deals/{deal}/loan", Issue()));

        foreach (var answer in answers)
        {
            answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        }

        var events = await EventFeedReading.EventsOf(Http, deal, count: 3);
        events.Count(e => e["type"]!.GetValue<string>() == "deal.loan_issued").Should().Be(1);
    }

    [Theory]
    [InlineData("""{"issuedOn":"2026-11-01","amount":0,"bankCode":"sberbank","product":"consumer","termMonths":12}""", "amount")]
    [InlineData("""{"issuedOn":"2026-11-01","amount":100.123,"bankCode":"sberbank","product":"consumer","termMonths":12}""", "amount")]
    [InlineData("""{"issuedOn":"2026-11-01","amount":1000,"bankCode":"no_such_bank","product":"consumer","termMonths":12}""", "bankCode")]
    [InlineData("""{"issuedOn":"2026-11-01","amount":1000,"bankCode":"sberbank","product":"pawn","termMonths":12}""", "product")]
    [InlineData("""{"issuedOn":"2026-11-01","amount":1000,"bankCode":"sberbank","product":"consumer","termMonths":0}""", "termMonths")]
    [InlineData("""{"issuedOn":"2126-11-01","amount":1000,"bankCode":"sberbank","product":"consumer","termMonths":12}""", "issuedOn")]
    [InlineData("""{"issuedOn":"tomorrow","amount":1000,"bankCode":"sberbank","product":"consumer","termMonths":12}""", "issuedOn")]
    [InlineData("""{"amount":1000,"bankCode":"sberbank","product":"consumer","termMonths":12}""", "issuedOn")]
    public async Task Invalid_issues_are_field_errors(string body, string field)
    {
        var deal = await NewDeal();
        var problem = await ExpectProblem(await Send(HttpMethod.Put, $"/api/v1/deals/{deal}/loan", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_unknown_deal_is_404_and_a_stale_if_match_is_412()
    {
        await ExpectProblem(await Put($"/api/v1/deals/{Guid.NewGuid()}/loan", Issue()), HttpStatusCode.NotFound, "not_found");
        var deal = await NewDeal();
        await ExpectProblem(await Put($"/api/v1/deals/{deal}/loan", Issue(), "\"7\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await Put($"/api/v1/deals/{deal}/loan", Issue(), "\"1\"")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
