using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.CustomFields;

/// <summary>Sortable custom fields: lists sorted and bounded by them through the cursor, their own indexes built and
/// dropped with the definitions, and the refusals of what is not sortable.</summary>
public sealed class CustomFieldSortsApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Definitions = "/api/v1/custom-field-definitions";

    private async Task<string> CreateLead(string clientId, string customFields)
    {
        var body = $$"""
            {"clientId":"{{clientId}}","requestedAmount":1000000,"product":"mortgage","customFields":{{customFields}}}
            """;
        return Id(await ExpectJson(await Http.PostAsync("/api/v1/leads", Body(body)), HttpStatusCode.Created));
    }

    private async Task<List<string>> IdsOf(string url) =>
        [.. (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(Id)];

    private static string Id(JsonNode? item) => item!["id"]!.GetValue<string>();

    /// <summary>Every id of the list, read a page of <paramref name="limit"/> at a time through the cursors.</summary>
    private async Task<List<string>> AllPages(string url, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ExpectJson(
                await Http.GetAsync($"{url}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")),
                HttpStatusCode.OK
            );
            ids.AddRange(page["items"]!.AsArray().Select(Id));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);

        return ids;
    }

    /// <summary>The query plan of <paramref name="sql"/>, every line of it.</summary>
    private async Task<string> Plan(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand($"EXPLAIN {sql}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("\n", lines);
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task<int> ReconcileIndexes() =>
        Server.Services.GetRequiredService<CustomFieldIndexes>().ReconcileAsync(CancellationToken.None);

    [Fact]
    public async Task A_lead_list_sorts_by_a_sortable_field_through_its_pages_with_missing_values_first()
    {
        await Define("lead", "income", "number", new { sortable = true });
        var client = Id(await CreateClient());
        var high = await CreateLead(client, """{"income":300000}""");
        var low = await CreateLead(client, """{"income":50000}""");
        var none = await CreateLead(client, "{}");
        var middle = new[]
        {
            await CreateLead(client, """{"income":120000}"""),
            await CreateLead(client, """{"income":120000.00}"""),
        }.Order(StringComparer.Ordinal).ToArray();

        string[] ascending = [none, low, middle[0], middle[1], high];
        (await AllPages("/api/v1/leads?cfSort=income", 2)).Should().Equal(ascending);
        (await AllPages("/api/v1/leads?cfSort=-income", 2)).Should().Equal(ascending.Reverse());
        (await AllPages("/api/v1/leads?cfSort=-income&cf=income>=100000", 1)).Should().Equal(high, middle[1], middle[0]);

        // A cursor of one sort is not one of another.
        var first = await ExpectJson(await Http.GetAsync("/api/v1/leads?cfSort=income&limit=1"), HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>());
        await ExpectProblem(await Http.GetAsync($"/api/v1/leads?cfSort=-income&cursor={cursor}"),
            HttpStatusCode.BadRequest, "invalid_cursor");
        await ExpectProblem(await Http.GetAsync($"/api/v1/leads?sort=createdAt&cursor={cursor}"),
            HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Bounds_compare_numbers_dates_and_text_by_their_order_and_skip_records_without_a_value()
    {
        await Define("lead", "income", "number", new { sortable = true });
        await Define("lead", "issued_on", "date", new { sortable = true });
        await Define("lead", "code", "text", new { sortable = true });
        var client = Id(await CreateClient());
        var a = await CreateLead(client, """{"income":99999.99,"issued_on":"2019-12-31","code":"a-1"}""");
        var b = await CreateLead(client, """{"income":100000,"issued_on":"2020-01-01","code":"b-2"}""");
        var c = await CreateLead(client, """{"income":250000,"issued_on":"2024-06-30","code":"c-3"}""");
        await CreateLead(client, "{}");
        // Values of another type (left by a field of the same key deleted and defined again) are no bound's match:
        // jsonb orders strings below numbers and numbers below booleans.
        var stale = await CreateLead(client, "{}");
        await Execute("""UPDATE leads SET custom_fields = '{"income":"7","issued_on":1,"code":true}' WHERE id = $1""",
            Guid.Parse(stale));

        (await IdsOf("/api/v1/leads?cf=income>=100000&sort=createdAt")).Should().Equal(b, c);
        (await IdsOf("/api/v1/leads?cf=income>100000")).Should().Equal(c);
        (await IdsOf("/api/v1/leads?cf=income<100000")).Should().Equal(a);
        (await IdsOf("/api/v1/leads?cf=income<=100000&sort=createdAt")).Should().Equal(a, b);
        (await IdsOf("/api/v1/leads?cf=income>=100000&cf=income<250000")).Should().Equal(b);
        (await IdsOf("/api/v1/leads?cf=issued_on<2020-01-01")).Should().Equal(a);
        (await IdsOf("/api/v1/leads?cf=issued_on>=2020-01-01&cfSort=-issued_on")).Should().Equal(c, b);
        (await IdsOf("/api/v1/leads?cf=code>b&cfSort=code")).Should().Equal(b, c);
        (await IdsOf($"/api/v1/leads?cf=code:b-2&cf={Uri.EscapeDataString("income<=100000")}")).Should().Equal(b);
    }

    [Theory]
    [InlineData("cf=purpose>=a", "cf")]
    [InlineData("cf=docs>=passport", "cf")]
    [InlineData("cf=vip>=true", "cf")]
    [InlineData("cf=income>=many", "cf")]
    [InlineData("cf=issued_on<31.12.2019", "cf")]
    [InlineData("cf=income=>1", "cf")]
    [InlineData("cfSort=purpose", "cfSort")]
    [InlineData("cfSort=income&sort=createdAt", "cfSort")]
    public async Task What_is_not_sortable_or_malformed_is_refused_on_its_parameter(string query, string parameter)
    {
        await Define("lead", "income", "number", new { sortable = true });
        await Define("lead", "issued_on", "date", new { sortable = true });
        await Define("lead", "vip", "boolean", new { sortable = true });
        await Define("lead", "purpose", "select", new { sortable = false, options = new[] { "home", "car" } });
        await Define("lead", "docs", "multiselect", new { sortable = false, options = new[] { "passport", "snils" } });

        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/leads?{query}"), HttpStatusCode.BadRequest,
            "validation_failed");
        FieldErrors(problem, parameter).Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_unknown_or_hidden_key_in_cfSort_is_custom_field_unknown()
    {
        await Define("lead", "income", "number", new { sortable = true });
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads?cfSort=colour"), HttpStatusCode.BadRequest,
            "custom_field_unknown"), "cfSort").Should().ContainSingle();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads?cfSort=-Income"), HttpStatusCode.BadRequest,
            "custom_field_unknown"), "cfSort").Should().ContainSingle();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads?cf=colour>=1"), HttpStatusCode.BadRequest,
            "custom_field_unknown"), "cf").Should().ContainSingle();
    }

    [Fact]
    public async Task Client_and_deal_lists_sort_and_bound_by_their_own_sortable_fields()
    {
        await Define("client", "score", "number", new { sortable = true });
        await Define("deal", "signed_on", "date", new { sortable = true });
        var low = await CreateClientWith("""{"score":10}""");
        var high = await CreateClientWith("""{"score":90}""");
        (await IdsOf("/api/v1/clients?cfSort=-score")).Take(2).Should().Equal(high, low);
        (await IdsOf("/api/v1/clients?cf=score>50")).Should().Equal(high);

        var early = await CreateDeal(low, "2026-01-10");
        var late = await CreateDeal(high, "2026-03-01");
        (await AllPages("/api/v1/deals?cfSort=signed_on", 1)).Should().Equal(early, late);
        (await IdsOf("/api/v1/deals?cf=signed_on>=2026-02-01")).Should().Equal(late);
    }

    private async Task<string> CreateClientWith(string customFields)
    {
        var body = $$"""
            {"fullName":"Петров Пётр","phone":"{{UniquePhone()}}","source":"partner","customFields":{{customFields}}}
            """;
        return Id(await ExpectJson(await Http.PostAsync("/api/v1/clients", Body(body)), HttpStatusCode.Created));
    }

    private async Task<string> CreateDeal(string clientId, string signedOn)
    {
        var body = new JsonObject
        {
            ["clientId"] = clientId,
            ["title"] = "Кредит",
            ["amount"] = 100000,
            ["product"] = "mortgage",
            ["customFields"] = new JsonObject { ["signed_on"] = signedOn },
        };
        return Id(await ExpectJson(await Post("/api/v1/deals", body), HttpStatusCode.Created));
    }

    [Fact]
    public async Task An_entity_has_at_most_five_sortable_fields_and_a_multiselect_is_never_one()
    {
        var first = await Define("lead", "f1", "number", new { sortable = true });
        first["sortable"]!.GetValue<bool>().Should().BeTrue();
        for (var i = 2; i <= 5; i++)
        {
            await Define("lead", $"f{i}", "text", new { sortable = true });
        }

        // The other entities have their own five; a field that is not sortable is not counted.
        await Define("deal", "f1", "number", new { sortable = true });
        var spare = await Define("lead", "f6", "date", new { sortable = false });
        spare["sortable"]!.GetValue<bool>().Should().BeFalse();

        var sixth = Json(new { entity = "lead", key = "f7", label = "f7", type = "number", sortable = true });
        await ExpectProblem(await Post(Definitions, sixth), HttpStatusCode.Conflict, "custom_field_sortable_limit");
        await ExpectProblem(
            await Patch($"{Definitions}/{Id(spare)}", new { sortable = true }, "*"),
            HttpStatusCode.Conflict, "custom_field_sortable_limit");

        // Making one not sortable frees its place.
        var made = await ExpectJson(
            await Patch($"{Definitions}/{Id(first)}", new { sortable = false }, "*"),
            HttpStatusCode.OK);
        made["sortable"]!.GetValue<bool>().Should().BeFalse();
        await ExpectJson(
            await Patch($"{Definitions}/{Id(spare)}", new { sortable = true }, "*"),
            HttpStatusCode.OK);

        var multiselect = Json(new
        {
            entity = "deal", key = "docs", label = "docs", type = "multiselect", options = new[] { "a" }, sortable = true,
        });
        FieldErrors(await ExpectProblem(await Post(Definitions, multiselect), HttpStatusCode.BadRequest,
            "validation_failed"), "sortable").Should().ContainSingle();
        var docs = await Define("deal", "docs", "multiselect", new { sortable = false, options = new[] { "a" } });
        FieldErrors(await ExpectProblem(
            await Patch($"{Definitions}/{Id(docs)}", new { sortable = true }, "*"),
            HttpStatusCode.BadRequest, "validation_failed"), "sortable").Should().ContainSingle();
    }

    [Fact]
    public async Task A_sortable_field_gets_an_index_the_list_uses_and_loses_it_when_no_longer_sortable()
    {
        var income = await Define("lead", "income", "number", new { sortable = true });
        await Define("client", "score", "number", new { sortable = false });
        const string Index = "ix_cf_leads_income";
        const string Exists = $"SELECT count(*)::int FROM pg_indexes WHERE indexname = '{Index}'";

        (await ReconcileIndexes()).Should().Be(1);
        (await Scalar<int>(Exists)).Should().Be(1);
        (await Scalar<int>("SELECT count(*)::int FROM pg_indexes WHERE indexname LIKE 'ix\\_cf\\_clients%'"))
            .Should().Be(0);
        (await ReconcileIndexes()).Should().Be(0, "the index is there already");

        // The list's own expression (the function with the key as a literal) is the index's: with sequential scans
        // off, the planner reads the index for the sort and for the bound.
        var plan = await Plan("""
            SELECT id FROM leads
            WHERE deleted_at IS NULL AND custom_field_value(custom_fields, 'income') >= '100000'::jsonb
            ORDER BY custom_field_value(custom_fields, 'income'), id LIMIT 3;
            """);
        plan.Should().Contain(Index);

        await ExpectJson(
            await Patch($"{Definitions}/{Id(income)}", new { sortable = false }, "*"),
            HttpStatusCode.OK);
        (await ReconcileIndexes()).Should().Be(1);
        (await Scalar<int>(Exists)).Should().Be(0);
        await ExpectProblem(await Http.GetAsync("/api/v1/leads?cfSort=income"), HttpStatusCode.BadRequest,
            "validation_failed");
    }

    [Fact]
    public async Task An_index_left_invalid_is_built_again()
    {
        await Define("lead", "income", "number", new { sortable = true });
        (await ReconcileIndexes()).Should().Be(1);
        await Execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ix_cf_leads_income'::regclass");

        await ReconcileIndexes();
        (await Scalar<bool>(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_cf_leads_income'::regclass")).Should().BeTrue();
    }
}
