using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Ledger;

public sealed class LeadReturnTests(ApiServerFixture server) : ApiTest(server)
{
    private static readonly Guid Franchisee = TestActors.FranchiseeOrganization;

    private HttpClient _franchisee = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectJson(await Post("/api/v1/ledger/deposits", new { organizationId = Franchisee, amount = 10_000m, comment = "Пополнение" }), HttpStatusCode.Created);
    }

    public override async Task DisposeAsync()
    {
        _franchisee.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_accepted_return_refunds_the_charge_and_puts_the_lead_back_in_head_offices_pool()
    {
        var (lead, charge) = await BoughtLead(price: 3_500m);
        await Balance(6_500m);

        var response = await FranchiseeReturns(lead, new { reason = "unreachable", comment = "Три дня не берёт трубку" });
        var requested = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/lead-returns/{Id(requested)}");
        requested["status"]!.GetValue<string>().Should().Be("requested");
        requested["amount"]!.GetValue<decimal>().Should().Be(3_500m);
        requested["chargeEntryId"]!.GetValue<string>().Should().Be(charge.ToString());
        requested["organizationId"]!.GetValue<string>().Should().Be(Franchisee.ToString());
        requested["reason"]!.GetValue<string>().Should().Be("unreachable");
        (await Inbox(Http)).Should().Contain(n => n["kind"]!.GetValue<string>() == "lead_return_requested" && n["subjectId"]!.GetValue<string>() == lead);

        var accepted = await ExpectJson(await Http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.OK);

        accepted["status"]!.GetValue<string>().Should().Be("accepted");
        accepted["decidedAt"].Should().NotBeNull();
        accepted["decidedByUserId"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.Admin)).ToString());
        var refund = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/entries/{accepted["refundEntryId"]}"), HttpStatusCode.OK);
        refund["kind"]!.GetValue<string>().Should().Be("refund");
        refund["amount"]!.GetValue<decimal>().Should().Be(3_500m);
        refund["returnId"]!.GetValue<string>().Should().Be(Id(requested));
        refund["leadId"]!.GetValue<string>().Should().Be(lead);
        await Balance(10_000m);
        var returnedLead = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);
        returnedLead["organizationId"]!.GetValue<string>().Should().Be(Organization.HeadOfficeId.ToString());
        returnedLead["status"]!.GetValue<string>().Should().Be("returned");
        returnedLead["responsibleUserId"].Should().BeNull();
        await ExpectProblem(await _franchisee.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.NotFound, "not_found");
        (await Inbox(_franchisee)).Should().Contain(n => n["kind"]!.GetValue<string>() == "lead_return_decided" && n["subjectId"]!.GetValue<string>() == lead);

        var timeline = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}/timeline?limit=200"), HttpStatusCode.OK);
        var items = timeline["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var changes = items.Where(i => i["kind"]!.GetValue<string>() == "history").Select(i => i["change"]!).ToList();
        changes.Should().Contain(c => c["field"]!.GetValue<string>() == "returnRequested" && c["to"]!.GetValue<string>() == "unreachable");
        changes.Should().Contain(c => c["field"]!.GetValue<string>() == "returnAccepted" && c["to"]!.GetValue<string>() == "3500.00");
        changes.Should().Contain(c => c["field"]!.GetValue<string>() == "organizationId" && c["from"]!.GetValue<string>() == Franchisee.ToString());
        changes.Should().Contain(c => c["field"]!.GetValue<string>() == "status" && c["from"]!.GetValue<string>() == "in_progress" && c["to"]!.GetValue<string>() == "returned");
        var ledger = items.Where(i => i["kind"]!.GetValue<string>() == "ledger").ToList();
        ledger.Select(i => i["ledgerEntry"]!["kind"]!.GetValue<string>()).Should().Equal("refund", "charge");
        ledger[0]["ledgerEntry"]!["amount"]!.GetValue<decimal>().Should().Be(3_500m);
        ledger[1]["ledgerEntry"]!["amount"]!.GetValue<decimal>().Should().Be(-3_500m);
        ledger[0]["ledgerEntry"]!["organizationId"]!.GetValue<string>().Should().Be(Franchisee.ToString());

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=lead_return&entityId={Id(requested)}&sort=occurredAt"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Equal("lead_return.created", "lead_return.updated");
        audit["items"]![1]!["changes"]!["status"]!["after"]!.GetValue<string>().Should().Be("accepted");
    }

    [Fact]
    public async Task A_rejected_return_keeps_the_reason_the_charge_and_the_lead_with_the_franchisee()
    {
        var (lead, _) = await BoughtLead(price: 2_000m);
        var requested = await ExpectJson(await FranchiseeReturns(lead, new { reason = "other", comment = "Клиент передумал" }), HttpStatusCode.Created);

        var rejected = await ExpectJson(await Post($"/api/v1/lead-returns/{Id(requested)}/reject", new { reason = "Клиент ответил нашему менеджеру" }), HttpStatusCode.OK);

        rejected["status"]!.GetValue<string>().Should().Be("rejected");
        rejected["rejectionReason"]!.GetValue<string>().Should().Be("Клиент ответил нашему менеджеру");
        rejected["refundEntryId"].Should().BeNull();
        await Balance(8_000m);
        var kept = await ExpectJson(await _franchisee.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK);
        kept["status"]!.GetValue<string>().Should().Be("in_progress");
        var own = await ExpectJson(await _franchisee.GetAsync($"/api/v1/lead-returns/{Id(requested)}"), HttpStatusCode.OK);
        own["rejectionReason"]!.GetValue<string>().Should().Be("Клиент ответил нашему менеджеру");
        (await Inbox(_franchisee)).Should().Contain(n => n["kind"]!.GetValue<string>() == "lead_return_decided");
        var timeline = await ExpectJson(await _franchisee.GetAsync($"/api/v1/leads/{lead}/timeline"), HttpStatusCode.OK);
        timeline["items"]!.AsArray().Should().Contain(i => i!["kind"]!.GetValue<string>() == "history" && i["change"]!["field"]!.GetValue<string>() == "returnRejected");

        await ExpectProblem(await FranchiseeReturns(lead, new { reason = "unreachable" }), HttpStatusCode.Conflict, "lead_not_returnable");
    }

    [Fact]
    public async Task A_return_is_decided_once()
    {
        var (lead, _) = await BoughtLead();
        var requested = await ExpectJson(await FranchiseeReturns(lead, new { reason = "duplicate" }), HttpStatusCode.Created);
        await ExpectJson(await Http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.OK);

        await ExpectProblem(await Http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.Conflict, "lead_return_decided");
        await ExpectProblem(await Post($"/api/v1/lead-returns/{Id(requested)}/reject", new { reason = "Поздно" }), HttpStatusCode.Conflict, "lead_return_decided");
        (await Entries("refund")).Should().HaveCount(1, "the refund is made once");
    }

    [Fact]
    public async Task Parallel_decisions_refund_once()
    {
        var (lead, _) = await BoughtLead(price: 1_000m);
        var requested = await ExpectJson(await FranchiseeReturns(lead, new { reason = "not_creditworthy" }), HttpStatusCode.Created);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var http = await Server.CreateHttpClientAsync(TestActor.Employee);
            using var response = await http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null);
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.OK).Should().Be(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).Should().Be(5);
        await Balance(10_000m);
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task A_lead_has_one_open_return_and_only_bought_leads_can_be_returned()
    {
        var (lead, _) = await BoughtLead();
        await ExpectJson(await FranchiseeReturns(lead, new { reason = "duplicate" }), HttpStatusCode.Created);
        await ExpectProblem(await FranchiseeReturns(lead, new { reason = "unreachable" }), HttpStatusCode.Conflict, "lead_return_open");

        var own = await ExpectJson(
            await _franchisee.PostAsync("/api/v1/lead-submissions", Body(new { fullName = "Свой Клиент", phone = UniquePhone(), source = "external", requestedAmount = 100000, product = "consumer" })),
            HttpStatusCode.Created);
        await ExpectProblem(await FranchiseeReturns(own["lead"]!["id"]!.GetValue<string>(), new { reason = "unreachable" }), HttpStatusCode.Conflict, "lead_not_returnable");
    }

    [Fact]
    public async Task After_the_return_period_the_lead_is_kept()
    {
        var (lead, _) = await BoughtLead(chargedAt: DateTimeOffset.UtcNow.AddHours(-72).AddMinutes(-1));

        var problem = await ExpectProblem(await FranchiseeReturns(lead, new { reason = "unreachable" }), HttpStatusCode.Conflict, "return_period_expired");

        problem["detail"]!.GetValue<string>().Should().Contain("72 hours");
        var (recent, _) = await BoughtLead(chargedAt: DateTimeOffset.UtcNow.AddHours(-71));
        await ExpectJson(await FranchiseeReturns(recent, new { reason = "unreachable" }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Another_organizations_lead_or_return_does_not_exist_for_a_franchisee()
    {
        using var other = await Purchases.OtherFranchiseeAsync(Server);
        var (lead, _) = await BoughtLead();
        var requested = await ExpectJson(await FranchiseeReturns(lead, new { reason = "unreachable" }), HttpStatusCode.Created);

        await ExpectProblem(await other.PostAsync($"/api/v1/leads/{lead}/returns", Body(new { reason = "unreachable" })), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await other.GetAsync($"/api/v1/lead-returns/{Id(requested)}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await other.GetAsync("/api/v1/lead-returns"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        await ExpectProblem(await other.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Http.PostAsync($"/api/v1/lead-returns/{Guid.CreateVersion7()}/accept", null), HttpStatusCode.NotFound, "not_found");
        var listed = await ExpectJson(await Http.GetAsync($"/api/v1/lead-returns?status=requested&organizationId={Franchisee}&leadId={lead}"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(r => Id(r!.AsObject())).Should().Equal(Id(requested));
        (await ExpectJson(await Http.GetAsync("/api/v1/lead-returns?status=accepted"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/lead-returns?status=open"), HttpStatusCode.BadRequest, "validation_failed"), "status").Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_timeline_shows_a_franchisee_only_its_own_ledger_entries_about_the_lead()
    {
        using var other = await Purchases.OtherFranchiseeAsync(Server);
        var (lead, _) = await BoughtLead();
        var leadId = Guid.Parse(lead);
        var now = DateTimeOffset.UtcNow;
        await Purchases.AddAsync(Server, LedgerEntry.Hold(Guid.CreateVersion7(), Purchases.OtherFranchiseeOrganization, 900m, new LotReference(Guid.CreateVersion7(), Guid.CreateVersion7(), leadId), null, now));

        var own = await ExpectJson(await _franchisee.GetAsync($"/api/v1/leads/{lead}/timeline"), HttpStatusCode.OK);
        var all = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}/timeline"), HttpStatusCode.OK);

        LedgerKinds(own).Should().Equal("charge");
        LedgerKinds(all).Should().BeEquivalentTo("charge", "hold");
    }

    [Theory]
    [InlineData("""{}""", "reason")]
    [InlineData("""{"reason":"bored"}""", "reason")]
    [InlineData("""{"reason":"other"}""", "comment")]
    [InlineData("""{"reason":"other","comment":" "}""", "comment")]
    [InlineData("""{"reason":"unreachable","note":"x"}""", "note")]
    public async Task An_invalid_return_request_is_a_400_on_the_field(string body, string field)
    {
        var (lead, _) = await BoughtLead();

        var problem = await ExpectProblem(await _franchisee.PostAsync($"/api/v1/leads/{lead}/returns", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_too_long_comment_or_an_empty_rejection_reason_is_a_400()
    {
        var (lead, _) = await BoughtLead();
        FieldErrors(await ExpectProblem(
            await FranchiseeReturns(lead, new { reason = "unreachable", comment = new string('я', 1001) }), HttpStatusCode.BadRequest, "validation_failed"), "comment").Should().NotBeEmpty();
        var requested = await ExpectJson(await FranchiseeReturns(lead, new { reason = "unreachable" }), HttpStatusCode.Created);
        FieldErrors(await ExpectProblem(
            await Post($"/api/v1/lead-returns/{Id(requested)}/reject", new { reason = "" }), HttpStatusCode.BadRequest, "validation_failed"), "reason").Should().NotBeEmpty();
    }

    private async Task<(string Lead, Guid Charge)> BoughtLead(decimal price = 1_500m, DateTimeOffset? chargedAt = null)
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client), status: "auction");
        var charge = await Purchases.BuyAsync(Server, Guid.Parse(Id(lead)), Franchisee, price, chargedAt);
        return (Id(lead), charge);
    }

    private Task<HttpResponseMessage> FranchiseeReturns(string lead, object body) => _franchisee.PostAsync($"/api/v1/leads/{lead}/returns", Body(body));

    private async Task Balance(decimal available)
    {
        var balance = await ExpectJson(await Http.GetAsync($"/api/v1/ledger/balances/{Franchisee}"), HttpStatusCode.OK);
        balance["available"]!.GetValue<decimal>().Should().Be(available);
    }

    private async Task<List<JsonNode>> Entries(string kind) =>
        (await ExpectJson(await Http.GetAsync($"/api/v1/ledger/entries?kind={kind}"), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!).ToList();

    private static async Task<List<JsonObject>> Inbox(HttpClient http) =>
        (await ExpectJson(await http.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    private static IEnumerable<string> LedgerKinds(JsonObject timeline) =>
        timeline["items"]!.AsArray().Where(i => i!["kind"]!.GetValue<string>() == "ledger").Select(i => i!["ledgerEntry"]!["kind"]!.GetValue<string>());
}
