using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Domain.Ledger;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Ledger;

public sealed class LedgerApiTests(ApiServerFixture server) : ApiTest(server)
{
    private static readonly string Franchisee = TestActors.FranchiseeOrganization.ToString();

    [Fact]
    public async Task Deposits_and_adjustments_add_up_to_the_balance_and_name_their_cause()
    {
        var deposit = await Record("deposits", Franchisee, 1000m, "Платёжное поручение № 1");
        var response = await Post("/api/v1/ledger/adjustments", new { organizationId = Franchisee, amount = -300.5m, comment = "Ошибочный платёж" });
        var adjustment = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/ledger/entries/{Id(adjustment)}");
        await Record("adjustments", Franchisee, 50m, "Бонус");

        deposit["kind"]!.GetValue<string>().Should().Be("deposit");
        deposit["amount"]!.GetValue<decimal>().Should().Be(1000m);
        deposit["comment"]!.GetValue<string>().Should().Be("Платёжное поручение № 1");
        deposit["createdByUserId"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.Admin)).ToString());
        deposit["leadId"].Should().BeNull();
        deposit["balanceAfter"]!.GetValue<decimal>().Should().Be(1000m);
        deposit["heldAfter"]!.GetValue<decimal>().Should().Be(0m);
        adjustment["amount"]!.GetValue<decimal>().Should().Be(-300.5m);
        adjustment["balanceAfter"]!.GetValue<decimal>().Should().Be(699.5m);

        var balance = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);
        balance["available"]!.GetValue<decimal>().Should().Be(749.5m);
        balance["held"]!.GetValue<decimal>().Should().Be(0m);
        balance["total"]!.GetValue<decimal>().Should().Be(749.5m);
        balance["organizationName"]!.GetValue<string>().Should().Be("Франчайзи Север");

        var entry = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/entries/{Id(adjustment)}"), HttpStatusCode.OK);
        entry["amount"]!.GetValue<decimal>().Should().Be(-300.5m);
        entry["balanceAfter"]!.GetValue<decimal>().Should().Be(699.5m);
        entry["heldAfter"]!.GetValue<decimal>().Should().Be(0m);
        // The database gives money two decimal places (699.50), the answer to the POST the figure as computed (699.5).
        foreach (var money in new[] { "amount", "balanceAfter", "heldAfter" })
        {
            entry.Remove(money);
            adjustment.Remove(money);
        }

        entry.ToJsonString().Should().Be(adjustment.ToJsonString());
        (await Items($"/api/v1/ledger/entries?organizationId={Franchisee}&sort=createdAt")).Select(e => e["balanceAfter"]!.GetValue<decimal>())
            .Should().Equal([1000m, 699.5m, 749.5m], "each entry carries the balance after it, a statement's running balance");
        var ids = await ListAllIds($"/api/v1/ledger/entries?organizationId={Franchisee}", 2);
        ids.Should().HaveCount(3);
        ids[1].Should().Be(Id(adjustment), "newest first");
        (await Items("/api/v1/ledger/entries?kind=deposit")).Select(Id).Should().Equal(Id(deposit));
        (await Items("/api/v1/ledger/entries?kind=deposit&kind=adjustment&sort=createdAt")).Select(Id).First().Should().Be(Id(deposit));
        (await Items($"/api/v1/ledger/entries?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).Should().BeEmpty();
        (await Items($"/api/v1/ledger/entries?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).Should().HaveCount(3);
    }

    [Fact]
    public async Task Ledger_entries_and_their_balances_filter_by_lot_and_lead_and_count_holds_as_held()
    {
        await Record("deposits", Franchisee, 5000m, "Пополнение");
        var lot = Guid.CreateVersion7();
        var lead = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await Purchases.AddAsync(Server, LedgerEntry.Hold(Guid.CreateVersion7(), TestActors.FranchiseeOrganization, 1200m, new LotReference(lot, Guid.CreateVersion7(), lead), null, now));

        var balance = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);
        balance["available"]!.GetValue<decimal>().Should().Be(3800m);
        balance["held"]!.GetValue<decimal>().Should().Be(1200m);
        balance["total"]!.GetValue<decimal>().Should().Be(5000m);
        var hold = (await Items($"/api/v1/ledger/entries?lotId={lot}")).Should().ContainSingle().Which;
        hold["kind"]!.GetValue<string>().Should().Be("hold");
        hold["balanceAfter"]!.GetValue<decimal>().Should().Be(3800m);
        hold["heldAfter"]!.GetValue<decimal>().Should().Be(1200m);
        (await Items($"/api/v1/ledger/entries?leadId={lead}")).Should().ContainSingle().Which["lotId"]!.GetValue<string>().Should().Be(lot.ToString());
        (await Items($"/api/v1/ledger/entries?leadId={Guid.CreateVersion7()}")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"amount":10,"comment":"x"}""", "organizationId")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c1","amount":10,"comment":"x"}""", "organizationId")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":0,"comment":"x"}""", "amount")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":-5,"comment":"x"}""", "amount")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":1.005,"comment":"x"}""", "amount")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":"10","comment":"x"}""", "amount")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":10,"comment":"  "}""", "comment")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":10}""", "comment")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000c3","amount":10,"comment":"x","kind":"refund"}""", "kind")]
    public async Task An_invalid_deposit_is_a_400_on_the_field_and_writes_nothing(string body, string field)
    {
        var problem = await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/ledger/deposits", body), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().NotBeEmpty();
        (await Items("/api/v1/ledger/entries")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_adjustment_of_zero_or_with_a_too_long_comment_is_refused()
    {
        var zero = await ExpectProblem(await Post("/api/v1/ledger/adjustments", new { organizationId = Franchisee, amount = 0, comment = "x" }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(zero, "amount").Should().NotBeEmpty();
        var longComment = await ExpectProblem(
            await Post("/api/v1/ledger/adjustments", new { organizationId = Franchisee, amount = 1, comment = new string('я', 501) }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(longComment, "comment").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_negative_adjustment_may_not_take_the_available_balance_below_zero()
    {
        await Record("deposits", Franchisee, 100m, "Пополнение");

        var problem = await ExpectProblem(
            await Post("/api/v1/ledger/adjustments", new { organizationId = Franchisee, amount = -100.01m, comment = "Слишком много" }), HttpStatusCode.Conflict, "insufficient_balance");

        problem["availableBalance"]!.GetValue<decimal>().Should().Be(100m);
        await Record("adjustments", Franchisee, -100m, "Ровно всё");
        (await Balance())["available"]!.GetValue<decimal>().Should().Be(0m);
    }

    [Fact]
    public async Task Parallel_negative_adjustments_never_take_the_balance_below_zero()
    {
        await Record("deposits", Franchisee, 1000m, "Пополнение");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var http = await Server.CreateHttpClientAsync(i % 2 == 0 ? TestActor.Admin : TestActor.Employee);
            using var response = await http.PostAsync(
                "/api/v1/ledger/adjustments", new StringContent(Json(new { organizationId = Franchisee, amount = -100m, comment = $"Списание {i}" }), Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        attempts.Count(s => s == HttpStatusCode.Created).Should().Be(10);
        attempts.Count(s => s == HttpStatusCode.Conflict).Should().Be(14);
        (await Balance())["available"]!.GetValue<decimal>().Should().Be(0m);
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var sum = new NpgsqlCommand($"SELECT sum(amount) FROM ledger_entries WHERE organization_id = '{Franchisee}'", connection);
        ((decimal)(await sum.ExecuteScalarAsync())!).Should().Be(0m);
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task A_franchisee_sees_only_its_own_ledger_and_cannot_change_it()
    {
        using var other = await Purchases.OtherFranchiseeAsync(Server);
        var own = await Record("deposits", Franchisee, 700m, "Свой");
        var others = await Record("deposits", Purchases.OtherFranchiseeOrganization.ToString(), 900m, "Чужой");
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);

        var balances = await ExpectJson(await franchisee.GetAsync("/api/v1/ledger/balances"), HttpStatusCode.OK);
        balances["items"]!.AsArray().Select(b => b!["organizationId"]!.GetValue<string>()).Should().Equal(Franchisee);
        var entries = await ExpectJson(await franchisee.GetAsync($"/api/v1/ledger/entries?organizationId={Purchases.OtherFranchiseeOrganization}"), HttpStatusCode.OK);
        entries["items"]!.AsArray().Should().BeEmpty();
        (await ExpectJson(await franchisee.GetAsync("/api/v1/ledger/entries"), HttpStatusCode.OK))["items"]!.AsArray().Select(e => Id(e!.AsObject())).Should().Equal(Id(own));
        await ExpectProblem(await franchisee.GetAsync($"/api/v1/ledger/entries/{Id(others)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await franchisee.GetAsync($"/api/v1/ledger/balances/{Purchases.OtherFranchiseeOrganization}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(
            await franchisee.PostAsync("/api/v1/ledger/deposits", new StringContent(Json(new { organizationId = Franchisee, amount = 1, comment = "Сам себе" }), Encoding.UTF8, "application/json")),
            HttpStatusCode.Forbidden, "forbidden");

        var all = await ExpectJson(await Http.GetAsync("/api/v1/ledger/balances"), HttpStatusCode.OK);
        all["items"]!.AsArray().Select(b => b!["organizationName"]!.GetValue<string>()).Should().Equal("Франчайзи Север", "Франчайзи Юг");
        await ExpectProblem(await Http.GetAsync($"/api/v1/ledger/balances/{TestActors.PartnerAlphaOrganization}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Ledger_entries_are_in_the_audit_log_and_cannot_be_changed_in_the_database()
    {
        var deposit = await Record("deposits", Franchisee, 250m, "Аудит");

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=ledger_entry&entityId={Id(deposit)}"), HttpStatusCode.OK);
        var created = audit["items"]!.AsArray().Should().ContainSingle().Subject!;
        created["action"]!.GetValue<string>().Should().Be("ledger_entry.created");
        created["changes"]!["amount"]!["after"]!.GetValue<decimal>().Should().Be(250m);
        created["changes"]!["kind"]!["after"]!.GetValue<string>().Should().Be("deposit");
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand($"UPDATE ledger_entries SET amount = 1 WHERE id = '{Id(deposit)}'", connection);
        var refused = async () => await update.ExecuteNonQueryAsync();
        await refused.Should().ThrowAsync<PostgresException>();
    }

    [Fact]
    public async Task Bad_list_parameters_are_400s_on_the_parameter()
    {
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/ledger/entries?kind=gift"), HttpStatusCode.BadRequest, "validation_failed"), "kind").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/ledger/entries?sort=amount"), HttpStatusCode.BadRequest, "validation_failed"), "sort").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/ledger/entries?limit=0"), HttpStatusCode.BadRequest, "validation_failed"), "limit").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(
            await Http.GetAsync("/api/v1/ledger/entries?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z"), HttpStatusCode.BadRequest, "validation_failed"), "to").Should().NotBeEmpty();
        await ExpectProblem(await Http.GetAsync("/api/v1/ledger/balances?cursor=nonsense"), HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Head_office_sets_and_clears_a_franchisees_grade_and_lists_balances_by_grade()
    {
        using var other = await Purchases.OtherFranchiseeAsync(Server);
        var graded = await ExpectJson(await Send(HttpMethod.Put, $"/api/v1/organizations/{Franchisee}/grade", """{"grade":" Gold "}"""), HttpStatusCode.OK);
        graded["grade"]!.GetValue<string>().Should().Be("gold");

        var gold = await ExpectJson(await Http.GetAsync("/api/v1/ledger/balances?grade=gold"), HttpStatusCode.OK);
        gold["items"]!.AsArray().Select(b => b!["organizationId"]!.GetValue<string>()).Should().Equal(Franchisee);
        gold["items"]![0]!["grade"]!.GetValue<string>().Should().Be("gold");
        var listed = await ExpectJson(await Http.GetAsync("/api/v1/organizations?kind=franchisee"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Single(o => o!["id"]!.GetValue<string>() == Franchisee)!["grade"]!.GetValue<string>().Should().Be("gold");

        var cleared = await ExpectJson(await Send(HttpMethod.Put, $"/api/v1/organizations/{Franchisee}/grade", """{"grade":null}"""), HttpStatusCode.OK);
        cleared["grade"].Should().BeNull();
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=organization&entityId={Franchisee}&sort=occurredAt"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => e!["changes"]!["grade"]!["after"]?.GetValue<string>()).Should().Equal("gold", null);
    }

    [Theory]
    [InlineData("""{"grade":"зол"}""", "grade")]
    [InlineData("""{"grade":""}""", "grade")]
    [InlineData("""{"grade":"a-grade-that-is-far-too-long-to-keep"}""", "grade")]
    [InlineData("""{}""", "grade")]
    [InlineData("""{"grade":1}""", "grade")]
    public async Task An_invalid_grade_is_a_400(string body, string field)
    {
        var problem = await ExpectProblem(await Send(HttpMethod.Put, $"/api/v1/organizations/{Franchisee}/grade", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Only_partners_and_franchisees_have_grades()
    {
        await ExpectProblem(
            await Send(HttpMethod.Put, $"/api/v1/organizations/{MakCrm.Domain.Organizations.Organization.HeadOfficeId}/grade", """{"grade":"gold"}"""), HttpStatusCode.Conflict, "organization_not_graded");
        await ExpectProblem(await Send(HttpMethod.Put, $"/api/v1/organizations/{Guid.CreateVersion7()}/grade", """{"grade":"gold"}"""), HttpStatusCode.NotFound, "not_found");
    }

    private async Task<JsonObject> Record(string kind, string organizationId, decimal amount, string comment) =>
        await ExpectJson(await Post($"/api/v1/ledger/{kind}", new { organizationId, amount, comment }), HttpStatusCode.Created);

    private async Task<JsonObject> Balance() => await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);

    private async Task<List<JsonObject>> Items(string url) =>
        (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
}
