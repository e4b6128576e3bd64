using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Commissions;
using MakCrm.IntegrationTests.Deals;
using MakCrm.IntegrationTests.Webhooks;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// What tests of partner money share: banks and rules of their own, a partner's deal on a lead it brought, a loan
/// issued and cancelled over HTTP, the commission ledger's entries and balances, and the hold release run as of a day.
/// </summary>
public abstract class CommissionTest(ApiServerFixture server) : DealTest(server)
{
    protected static DateOnly TodayDate => DateOnly.FromDateTime(DateTime.UtcNow);

    protected static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");

    protected static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..20];

    protected async Task<string> NewBank()
    {
        var code = Unique("cb");
        await ExpectJson(await Post("/api/v1/banks", new { code, name = "Банк " + code }), HttpStatusCode.Created);
        return code;
    }

    protected Task<HttpResponseMessage> Rule(object body) => Post("/api/v1/commission-rules", body);

    protected async Task BaseRule(string bank, decimal rate, string product = "consumer", DateOnly? from = null) =>
        await ExpectJson(await Rule(new { kind = "base", effectiveFrom = Day(from ?? TodayDate.AddDays(-365)), bankCode = bank, product, baseMethod = "rate", rate }), HttpStatusCode.Created);

    protected async Task ShareRule(string grade, decimal rate, DateOnly? from = null) =>
        await ExpectJson(await Rule(new { kind = "partner_share", effectiveFrom = Day(from ?? TodayDate.AddDays(-365)), grade, rate }), HttpStatusCode.Created);

    /// <summary>The one level-2 rule: made once from long ago unless it exists or accruals already stand under one.</summary>
    protected async Task EnsureLevel2()
    {
        var response = await Rule(new { kind = "level2_share", effectiveFrom = "2001-01-01", rate = 0.1m });
        response.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
    }

    protected Task Sql(string sql, params object[] values) => Server.WithServicesAsync(async services =>
    {
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync();
    });

    /// <summary>A partner (with a grade of its own, and a referrer when asked) and a head-office deal on a lead that partner brought.</summary>
    protected async Task<(Guid Partner, Guid? Referrer, string Deal)> PartnerDeal(string grade, bool referred = true)
    {
        var partner = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Партнёр " + grade);
        Guid? referrer = referred ? await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Реферер " + grade) : null;
        await Sql("UPDATE organizations SET grade = $1, referrer_organization_id = $2 WHERE id = $3", grade, (object?)referrer ?? DBNull.Value, partner);
        var client = Id(await CreateClient());
        var lead = Id(await CreateLead(client));
        var deal = Id(await CreateDeal(client, lead));
        await Sql("UPDATE leads SET organization_id = $1 WHERE id = $2", partner, Guid.Parse(lead));
        return (partner, referrer, deal);
    }

    protected Task<HttpResponseMessage> Issue(string deal, string bank, decimal amount, DateOnly? on = null, string product = "consumer") =>
        Send(HttpMethod.Put, $"/api/v1/deals/{deal}/loan", Json(new { issuedOn = Day(on ?? TodayDate), amount, bankCode = bank, product, termMonths = 36 }));

    protected Task<HttpResponseMessage> Cancel(string deal) =>
        Send(HttpMethod.Put, $"/api/v1/deals/{deal}/loan/cancellation", Json(new { cancelledOn = Day(TodayDate), reason = "early_return" }));

    protected async Task<JsonObject> Quote(string bank, decimal amount, string? grade, string product = "consumer") =>
        await ExpectJson(await Post("/api/v1/commission-quotes", new { bankCode = bank, product, amount, termMonths = 36, grade }), HttpStatusCode.OK);

    protected async Task<List<JsonObject>> Entries(string query, HttpClient? http = null) =>
        (await ExpectJson(await (http ?? Http).GetAsync($"/api/v1/commission-entries?{query}&limit=100"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(e => e!.AsObject()).ToList();

    protected async Task<JsonObject?> Balance(Guid organization) =>
        (await ExpectJson(await Http.GetAsync("/api/v1/commission-balances"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(b => b!.AsObject()).FirstOrDefault(b => b["organizationId"]!.GetValue<string>() == organization.ToString());

    protected static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    protected Task<int> ReleaseAsOf(DateTimeOffset now) => Server.WithServicesAsync(async services =>
    {
        using var scope = services.CreateScope();
        var release = ActivatorUtilities.CreateInstance<CommissionHoldRelease>(scope.ServiceProvider, (TimeProvider)new ManualClock(now));
        var total = 0;
        for (int released; (released = await release.ReleaseDueAsync(100, CancellationToken.None)) > 0;)
        {
            total += released;
        }

        return total;
    });

    protected static decimal Money(decimal roubles) => decimal.Round(roubles, 2, MidpointRounding.AwayFromZero);
}
