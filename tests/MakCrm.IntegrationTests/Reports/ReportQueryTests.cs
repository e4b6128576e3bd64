using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Reports;

/// <summary>
/// The report builder over a small seeded set of head office's leads whose numbers are worked out by hand:
///   L1 partner  Москва 100 new    2026-01-31 20:59Z (23:59 Moscow, 31 Jan)
///   L2 partner  Москва 300 issued 2026-01-31 21:00Z (00:00 Moscow, 1 Feb)
///   L3 lead_gen Казань 200 issued 2026-02-10 10:00Z
///   L4 lead_gen (none) 400 issued 2026-04-01 10:00Z
/// </summary>
public sealed class ReportQueryTests(ApiServerFixture server) : ApiTest(server)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Seed("partner", "Москва", 100m, "2026-01-31T20:59:00Z", "new");
        await Seed("partner", "Москва", 300m, "2026-01-31T21:00:00Z", "issued");
        await Seed("lead_generation", "Казань", 200m, "2026-02-10T10:00:00Z", "issued");
        await Seed("lead_generation", null, 400m, "2026-04-01T10:00:00Z", "issued");
    }

    private async Task Seed(string source, string? city, decimal amount, string createdAt, string status)
    {
        var client = await CreateClient(city: city, source: source);
        var lead = await CreateLead(Id(client), amount);
        await Sql($"UPDATE leads SET created_at = '{createdAt}', status = '{status}' WHERE id = '{Id(lead)}'");
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonObject> Query(object query, HttpClient? http = null) =>
        await ExpectJson(await (http ?? Http).PostAsync("/api/v1/reports/query", Body(query)), HttpStatusCode.OK);

    private static Dictionary<string, string> Pairs(JsonObject result, string key, string measure) =>
        result["rows"]!.AsArray().ToDictionary(r => r![key]?.ToString() ?? "(null)", r => r![measure]!.ToString());

    [Fact]
    public async Task Every_measure_over_every_row_matches_the_hand_computed_numbers()
    {
        var result = await Query(new
        {
            dataset = "leads",
            measures = new object[]
            {
                new { op = "count" },
                new { op = "count_distinct", field = "clientCity" },
                new { op = "sum", field = "requestedAmount" },
                new { op = "avg", field = "requestedAmount" },
                new { op = "min", field = "requestedAmount" },
                new { op = "max", field = "createdAt" },
                new { op = "conversion", @as = "issued", numerator = new { field = "statusKind", @operator = "in", values = new[] { "won" } } },
                new { op = "conversion", @as = "issuedOfLeadGen", numerator = new { field = "status", @operator = "eq", values = new[] { "issued" } }, denominator = new { field = "source", @operator = "eq", values = new[] { "lead_generation" } } },
            },
        });

        var row = result["rows"]!.AsArray().Single()!.AsObject();
        row["count"]!.GetValue<long>().Should().Be(4);
        row["count_distinct.clientCity"]!.GetValue<long>().Should().Be(2);
        row["sum.requestedAmount"]!.GetValue<decimal>().Should().Be(1000m);
        row["avg.requestedAmount"]!.GetValue<decimal>().Should().Be(250m);
        row["min.requestedAmount"]!.GetValue<decimal>().Should().Be(100m);
        row["max.createdAt"]!.GetValue<string>().Should().Be("2026-04-01T10:00:00.000000Z");
        row["issued"]!.GetValue<decimal>().Should().Be(0.75m);
        row["issuedOfLeadGen"]!.GetValue<decimal>().Should().Be(1m);
        result["totals"]!["count"]!.GetValue<long>().Should().Be(4);
        result["truncated"]!.GetValue<bool>().Should().BeFalse();
        result["timeZone"]!.GetValue<string>().Should().Be("Europe/Moscow");
        result["columns"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).Should()
            .Equal("integer", "integer", "money", "money", "money", "date_time", "ratio", "ratio");
    }

    [Theory]
    [InlineData("day", "Europe/Moscow", "2026-01-31=1,2026-02-01=1,2026-02-10=1,2026-04-01=1")]
    [InlineData("week", "Europe/Moscow", "2026-01-26=2,2026-02-09=1,2026-03-30=1")]
    [InlineData("month", "Europe/Moscow", "2026-01-01=1,2026-02-01=2,2026-04-01=1")]
    [InlineData("month", "UTC", "2026-01-01=2,2026-02-01=1,2026-04-01=1")]
    [InlineData("quarter", "Europe/Moscow", "2026-01-01=3,2026-04-01=1")]
    [InlineData("year", "Europe/Moscow", "2026-01-01=4")]
    public async Task Time_buckets_count_each_lead_in_its_day_week_month_quarter_or_year_of_the_time_zone(string bucket, string timeZone, string expected)
    {
        var result = await Query(new { dataset = "leads", dimensions = new[] { new { field = "createdAt", timeBucket = bucket } }, measures = new[] { new { op = "count" } }, timeZone });

        var key = $"createdAt.{bucket}";
        string.Join(",", result["rows"]!.AsArray().Select(r => $"{r![key]}={r["count"]}")).Should().Be(expected);
        result["columns"]![0]!["type"]!.GetValue<string>().Should().Be("date");
    }

    [Fact]
    public async Task Dimensions_group_sort_by_a_measure_and_a_limit_truncates()
    {
        var result = await Query(new
        {
            dataset = "leads",
            dimensions = new[] { new { field = "source" } },
            measures = new object[] { new { op = "sum", field = "requestedAmount", @as = "amount" } },
            sort = new[] { new { by = "amount", direction = "desc" } },
        });
        Pairs(result, "source", "amount").Should().Equal(new Dictionary<string, string> { ["lead_generation"] = "600.00", ["partner"] = "400.00" });
        result["rows"]![0]!["source"]!.GetValue<string>().Should().Be("lead_generation");

        var limited = await Query(new { dataset = "leads", dimensions = new[] { new { field = "clientCity" } }, measures = new[] { new { op = "count" } }, limit = 2 });
        limited["rows"]!.AsArray().Should().HaveCount(2);
        limited["truncated"]!.GetValue<bool>().Should().BeTrue();
        limited["totals"]!["count"]!.GetValue<long>().Should().Be(4, "totals are over every matching row, not only the rows shown");
    }

    [Fact]
    public async Task A_filter_tree_with_and_or_not_and_date_ranges_selects_the_hand_picked_rows()
    {
        // Dates are whole days in Moscow: 31 Jan holds L1 only (L2 is 1 Feb there).
        var january = await Query(new
        {
            dataset = "leads",
            measures = new[] { new { op = "count" } },
            filter = new { field = "createdAt", @operator = "between", values = new[] { "2026-01-01", "2026-01-31" } },
        });
        january["totals"]!["count"]!.GetValue<long>().Should().Be(1);

        var tree = await Query(new
        {
            dataset = "leads",
            measures = new object[] { new { op = "sum", field = "requestedAmount", @as = "amount" } },
            filter = new
            {
                and = new object[]
                {
                    new { or = new object[] { new { field = "clientCity", @operator = "in", values = new[] { "Москва", "Казань" } }, new { field = "clientCity", @operator = "is_empty" } } },
                    new { not = new { field = "requestedAmount", @operator = "lt", values = new[] { "200" } } },
                    new { field = "clientName", @operator = "contains", values = new[] { "Иван" } },
                },
            },
        });
        tree["totals"]!["amount"]!.GetValue<decimal>().Should().Be(900m, "L2 + L3 + L4; L1 is under 200");
    }

    [Fact]
    public async Task A_partners_report_never_includes_another_organizations_rows()
    {
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Партнёров Пётр", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 5000m, product = "mortgage" })), HttpStatusCode.Created);

        var byOrganization = new { dataset = "leads", dimensions = new[] { new { field = "organizationId" } }, measures = new object[] { new { op = "count" }, new { op = "sum", field = "requestedAmount" } } };
        var everyone = await Query(byOrganization);
        everyone["rows"]!.AsArray().Should().HaveCount(2);
        everyone["totals"]!["count"]!.GetValue<long>().Should().Be(5);

        // The partner asks for every organization's leads, and for head office's explicitly: it gets its own only.
        var own = await Query(byOrganization, alpha);
        own["rows"]!.AsArray().Select(r => r!["organizationId"]!.GetValue<string>()).Should().Equal(TestActors.PartnerAlphaOrganization.ToString());
        own["totals"]!["sum.requestedAmount"]!.GetValue<decimal>().Should().Be(5000m);
        var others = await Query(new { dataset = "leads", measures = new[] { new { op = "count" } }, filter = new { field = "organizationKind", @operator = "eq", values = new[] { "head_office" } } }, alpha);
        others["totals"]!["count"]!.GetValue<long>().Should().Be(0);

        // A partner does not read the auction: the lots dataset is refused.
        await ExpectProblem(await alpha.PostAsync("/api/v1/reports/query", Body(new { dataset = "lots", measures = new[] { new { op = "count" } } })), HttpStatusCode.Forbidden, "report_dataset_forbidden");
        var fields = await ExpectJson(await alpha.GetAsync("/api/v1/reports/fields"), HttpStatusCode.OK);
        fields["datasets"]!.AsArray().Select(d => d!["key"]!.GetValue<string>()).Should().Equal("leads", "deals", "clients", "tasks", "commissions");
    }

    [Fact]
    public async Task Sql_injection_through_field_names_sort_and_time_zone_is_refused_and_through_values_is_harmless()
    {
        var byField = await ExpectProblem(
            await Http.PostAsync("/api/v1/reports/query", Body(new { dataset = "leads", dimensions = new[] { new { field = "status; DROP TABLE leads; --" } }, measures = new[] { new { op = "count" } } })),
            HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(byField, "dimensions[0].field").Should().NotBeEmpty();

        var bySort = await ExpectProblem(
            await Http.PostAsync("/api/v1/reports/query", Body(new { dataset = "leads", measures = new[] { new { op = "count" } }, sort = new[] { new { by = "1; DROP TABLE leads" } } })),
            HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(bySort, "sort[0].by").Should().NotBeEmpty();

        var byZone = await ExpectProblem(
            await Http.PostAsync("/api/v1/reports/query", Body(new { dataset = "leads", measures = new[] { new { op = "count" } }, timeZone = "Europe/Moscow'; DROP TABLE leads; --" })),
            HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(byZone, "timeZone").Should().NotBeEmpty();

        foreach (var value in new[] { "' OR 1=1 --", "Москва') OR ('1'='1", "%", "_" })
        {
            var equal = await Query(new { dataset = "leads", measures = new[] { new { op = "count" } }, filter = new { field = "clientCity", @operator = "eq", values = new[] { value } } });
            equal["totals"]!["count"]!.GetValue<long>().Should().Be(0, "{0} is a value, compared as text", value);
            var contains = await Query(new { dataset = "leads", measures = new[] { new { op = "count" } }, filter = new { field = "clientCity", @operator = "contains", values = new[] { value } } });
            contains["totals"]!["count"]!.GetValue<long>().Should().Be(0, "{0} is matched literally, wildcards escaped", value);
        }

        (await Query(new { dataset = "leads", measures = new[] { new { op = "count" } } }))["totals"]!["count"]!.GetValue<long>().Should().Be(4);
    }

    [Fact]
    public async Task Every_field_of_every_dataset_groups_filters_and_aggregates_on_the_real_schema()
    {
        // Each field's SQL expression runs against the migrated database, so a catalogue entry without its SQL, or
        // an expression naming a column that is not there, fails here.
        var catalogue = await ExpectJson(await Http.GetAsync("/api/v1/reports/fields"), HttpStatusCode.OK);
        catalogue["datasets"]!.AsArray().Select(d => d!["key"]!.GetValue<string>()).Should().Equal("leads", "deals", "clients", "tasks", "lots", "bids", "ledger", "commissions", "returns");
        foreach (var dataset in catalogue["datasets"]!.AsArray())
        {
            foreach (var field in dataset!["fields"]!.AsArray())
            {
                var key = field!["key"]!.GetValue<string>();
                var type = field["type"]!.GetValue<string>();
                var measure = field["aggregatable"]!.GetValue<bool>() || type == "date_time"
                    ? new { op = "max", field = key }
                    : new { op = "count_distinct", field = key };
                var query = new Dictionary<string, object>
                {
                    ["dataset"] = dataset["key"]!.GetValue<string>(),
                    ["measures"] = new object[] { new { op = "count" }, measure },
                    ["filter"] = new { field = key, @operator = "is_not_empty" },
                };
                if (field["groupable"]!.GetValue<bool>())
                {
                    query["dimensions"] = new[] { new { field = key } };
                }

                var response = await Http.PostAsync("/api/v1/reports/query", Body(query));
                response.StatusCode.Should().Be(HttpStatusCode.OK, "{0}.{1}: {2}", dataset["key"], key, await response.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task Bad_queries_are_400s_naming_the_part_at_fault()
    {
        async Task Refused(object query, string part, string code = "report_query_invalid")
        {
            var problem = await ExpectProblem(await Http.PostAsync("/api/v1/reports/query", Body(query)), HttpStatusCode.BadRequest, code);
            FieldErrors(problem, part).Should().NotBeEmpty("{0} is at fault in {1}", part, problem.ToJsonString());
        }

        var count = new[] { new { op = "count" } };
        await Refused(new { dataset = "nothing", measures = count }, "dataset");
        await Refused(new { dataset = "leads", measures = new object[] { new { op = "count" }, new { op = "sum", field = "clientCity" } } }, "measures[1].field");
        await Refused(new { dataset = "leads", measures = new[] { new { op = "avg" } } }, "measures[0].field");
        await Refused(new { dataset = "leads", measures = new[] { new { op = "conversion" } } }, "measures[0].numerator");
        await Refused(new { dataset = "leads", dimensions = new[] { new { field = "source", timeBucket = "month" } }, measures = count }, "dimensions[0].timeBucket");
        await Refused(new { dataset = "leads", dimensions = new[] { new { field = "id" } }, measures = count }, "dimensions[0].field");
        await Refused(new { dataset = "leads", dimensions = new[] { new { field = "source" }, new { field = "status" }, new { field = "product" }, new { field = "clientCity" } }, measures = count }, "dimensions");
        await Refused(new { dataset = "leads", measures = count, limit = 0 }, "limit");
        await Refused(new { dataset = "leads", measures = count, limit = 10_001 }, "limit");
        await Refused(new { dataset = "leads", measures = Array.Empty<object>() }, "measures");
        await Refused(new { dataset = "leads", measures = count, filter = new { field = "requestedAmount", @operator = "contains", values = new[] { "1" } } }, "filter.operator");
        await Refused(new { dataset = "leads", measures = count, filter = new { and = new object[] { new { field = "requestedAmount", @operator = "gt", values = new[] { "много" } } } } }, "filter.and[0].values[0]");
        await Refused(new { dataset = "leads", measures = count, filter = new { field = "product", @operator = "in", values = new[] { "yacht" } } }, "filter.values[0]");
        await Refused(new { dataset = "leads", measures = count, filter = new { field = "source", @operator = "eq", values = new[] { "a" }, not = new { field = "source", @operator = "is_empty" } } }, "filter");
        await Refused(new { dataset = "leads", measures = new[] { new { op = "median" } } }, "measures[0].op", "validation_failed");
    }
}

/// <summary>A server whose reports may run for 300 ms only.</summary>
public sealed class ShortReportTimeoutFixture() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Reports:StatementTimeout"] = "00:00:00.300" });

public sealed class ReportTimeoutTests(ShortReportTimeoutFixture server) : ApiTest(server), IClassFixture<ShortReportTimeoutFixture>
{
    [Fact]
    public async Task A_report_that_runs_past_the_statement_timeout_is_a_422_report_too_expensive_with_advice()
    {
        // Another transaction holds the leads table: the report waits for it until its timeout cancels it.
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE leads IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var problem = await ExpectProblem(
            await Http.PostAsync("/api/v1/reports/query", Body(new { dataset = "leads", measures = new[] { new { op = "count" } } })),
            (HttpStatusCode)422, "report_too_expensive");
        problem["detail"]!.GetValue<string>().Should().Contain("shorter period");
        await transaction.RollbackAsync();

        await ExpectJson(await Http.PostAsync("/api/v1/reports/query", Body(new { dataset = "leads", measures = new[] { new { op = "count" } } })), HttpStatusCode.OK);
    }
}
