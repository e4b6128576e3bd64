using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Reports;

/// <summary>
/// Custom fields in the report builder, over three of head office's leads whose numbers are worked out by hand:
///   L1 purpose home fee 100    score 5  status new    client segment vip
///   L2 purpose home fee 250.50 score 15 status issued client segment vip
///   L3 purpose car  fee 50     score 25 status issued client segment (none)
/// </summary>
public sealed class ReportCustomFieldTests(ApiServerFixture server) : ApiTest(server)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Define("lead", "purpose", "select", new { options = new[] { "home", "car" } });
        await Define("lead", "fee", "money");
        await Define("lead", "score", "number");
        await Define("lead", "secret", "number", new { visibleToKinds = new[] { "head_office" } });
        var archived = await Define("lead", "old_code", "text");
        await ExpectJson(
            await Patch($"/api/v1/custom-field-definitions/{Id(archived)}", new { archived = true }, "*"),
            HttpStatusCode.OK
        );
        await Define("client", "segment", "select", new { options = new[] { "vip", "mass" } });

        await Seed(
            new
            {
                purpose = "home",
                fee = 100m,
                score = 5,
                secret = 1,
            },
            "new",
            new { segment = "vip" }
        );
        await Seed(
            new
            {
                purpose = "home",
                fee = 250.50m,
                score = 15,
                secret = 2,
            },
            "issued",
            new { segment = "vip" }
        );
        await Seed(
            new
            {
                purpose = "car",
                fee = 50m,
                score = 25,
                secret = 3,
            },
            "issued",
            new { }
        );
    }

    private async Task Seed(object values, string status, object clientValues)
    {
        var clientBody = new
        {
            fullName = "Клиентов Кирилл",
            phone = UniquePhone(),
            source = "partner",
            customFields = clientValues,
        };
        var client = await ExpectJson(
            await Http.PostAsync("/api/v1/clients", Body(clientBody)),
            HttpStatusCode.Created
        );
        var leadBody = new
        {
            clientId = Id(client),
            requestedAmount = 1000m,
            product = "mortgage",
            customFields = values,
        };
        var lead = await ExpectJson(await Http.PostAsync("/api/v1/leads", Body(leadBody)), HttpStatusCode.Created);
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"UPDATE leads SET status = '{status}' WHERE id = '{Id(lead)}'",
            connection
        );
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonObject> Query(object query, HttpClient? http = null) =>
        await ExpectJson(await (http ?? Http).PostAsync("/api/v1/reports/query", Body(query)), HttpStatusCode.OK);

    private static string Rows(JsonObject result, string key, string measure) =>
        string.Join(",", result["rows"]!.AsArray().Select(r => $"{r![key]?.ToString() ?? "(null)"}={r[measure]}"));

    private static readonly object[] Count = [new { op = "count" }];

    [Fact]
    public async Task A_select_field_groups_a_money_field_sums_by_status_and_a_number_range_filters()
    {
        var byPurpose = await Query(
            new
            {
                dataset = "leads",
                dimensions = new[] { new { field = "cf.purpose" } },
                measures = Count,
            }
        );
        Rows(byPurpose, "cf.purpose", "count").Should().Be("car=1,home=2");
        byPurpose["columns"]![0]!["type"]!.GetValue<string>().Should().Be("enum");

        var feeByStatus = await Query(
            new
            {
                dataset = "leads",
                dimensions = new[] { new { field = "status" } },
                measures = new object[]
                {
                    new { op = "sum", field = "cf.fee" },
                    new { op = "avg", field = "cf.score" },
                    new { op = "max", field = "cf.score" },
                },
            }
        );
        feeByStatus["rows"]!
            .AsArray()
            .ToDictionary(r => r!["status"]!.GetValue<string>(), r => r!["sum.cf.fee"]!.GetValue<decimal>())
            .Should()
            .Equal(new Dictionary<string, decimal> { ["issued"] = 300.50m, ["new"] = 100m });
        feeByStatus["totals"]!["avg.cf.score"]!.GetValue<decimal>().Should().Be(15m);
        feeByStatus["columns"]!
            .AsArray()
            .Select(c => c!["type"]!.GetValue<string>())
            .Should()
            .Equal("string", "money", "number", "number");

        var inRange = await Query(
            new
            {
                dataset = "leads",
                measures = Count,
                filter = new
                {
                    field = "cf.score",
                    @operator = "between",
                    values = new[] { "10", "30" },
                },
            }
        );
        inRange["totals"]!["count"]!.GetValue<long>().Should().Be(2);
        var above = await Query(
            new
            {
                dataset = "leads",
                measures = Count,
                filter = new
                {
                    field = "cf.score",
                    @operator = "gt",
                    values = new[] { "5.5" },
                },
            }
        );
        above["totals"]!["count"]!.GetValue<long>().Should().Be(2);

        // The client's fields join the lead's dataset under client.cf.
        var bySegment = await Query(
            new
            {
                dataset = "leads",
                dimensions = new[] { new { field = "client.cf.segment" } },
                measures = Count,
            }
        );
        Rows(bySegment, "client.cf.segment", "count").Should().Be("(null)=1,vip=2");
        var clients = await Query(
            new
            {
                dataset = "clients",
                measures = Count,
                filter = new
                {
                    field = "cf.segment",
                    @operator = "in",
                    values = new[] { "vip" },
                },
            }
        );
        clients["totals"]!["count"]!.GetValue<long>().Should().Be(2);
    }

    [Fact]
    public async Task A_deals_own_field_sums_by_its_clients_field_and_a_boolean_filters()
    {
        await Define("deal", "bonus", "money");
        await Define("deal", "insured", "boolean");
        async Task Deal(object values, object clientValues)
        {
            var clientBody = new
            {
                fullName = "Сделкин Семён",
                phone = UniquePhone(),
                source = "partner",
                customFields = clientValues,
            };
            var client = await ExpectJson(
                await Http.PostAsync("/api/v1/clients", Body(clientBody)),
                HttpStatusCode.Created
            );
            var deal = new
            {
                clientId = Id(client),
                title = "Ипотека",
                amount = 1_000_000m,
                product = "mortgage",
                customFields = values,
            };
            await ExpectJson(await Http.PostAsync("/api/v1/deals", Body(deal)), HttpStatusCode.Created);
        }

        await Deal(new { bonus = 1000m, insured = true }, new { segment = "vip" });
        await Deal(new { bonus = 500.25m, insured = false }, new { segment = "vip" });
        await Deal(new { bonus = 70m }, new { segment = "mass" });

        var bySegment = await Query(
            new
            {
                dataset = "deals",
                dimensions = new[] { new { field = "client.cf.segment" } },
                measures = new object[] { new { op = "sum", field = "cf.bonus" } },
            }
        );
        bySegment["rows"]!
            .AsArray()
            .ToDictionary(
                r => r!["client.cf.segment"]!.GetValue<string>(),
                r => r!["sum.cf.bonus"]!.GetValue<decimal>()
            )
            .Should()
            .Equal(new Dictionary<string, decimal> { ["mass"] = 70m, ["vip"] = 1500.25m });
        var insured = await Query(
            new
            {
                dataset = "deals",
                measures = Count,
                filter = new { field = "cf.insured", @operator = "is_true" },
            }
        );
        insured["totals"]!["count"]!.GetValue<long>().Should().Be(1);
        var unknown = await Query(
            new
            {
                dataset = "deals",
                measures = Count,
                filter = new { field = "cf.insured", @operator = "is_empty" },
            }
        );
        unknown["totals"]!["count"]!.GetValue<long>().Should().Be(1, "a deal without the value has it empty");
    }

    [Fact]
    public async Task An_unknown_archived_or_hidden_custom_field_is_a_400_naming_the_part_at_fault()
    {
        async Task Refused(object query, string part, HttpClient? http = null)
        {
            var problem = await ExpectProblem(
                await (http ?? Http).PostAsync("/api/v1/reports/query", Body(query)),
                HttpStatusCode.BadRequest,
                "report_query_invalid"
            );
            FieldErrors(problem, part).Should().NotBeEmpty("{0} is at fault in {1}", part, problem.ToJsonString());
        }

        await Refused(
            new
            {
                dataset = "leads",
                measures = Count,
                filter = new { field = "cf.nothing", @operator = "is_empty" },
            },
            "filter.field"
        );
        await Refused(
            new
            {
                dataset = "leads",
                dimensions = new[] { new { field = "cf.old_code" } },
                measures = Count,
            },
            "dimensions[0].field"
        );
        await Refused(
            new
            {
                dataset = "leads",
                dimensions = new[] { new { field = "cf.x'); DROP TABLE leads; --" } },
                measures = Count,
            },
            "dimensions[0].field"
        );
        await Refused(
            new { dataset = "leads", measures = new[] { new { op = "sum", field = "cf.purpose" } } },
            "measures[0].field"
        );
        await Refused(
            new
            {
                dataset = "tasks",
                measures = Count,
                filter = new { field = "cf.purpose", @operator = "is_empty" },
            },
            "filter.field"
        );

        // A field shown to head office only is unknown to a partner, and planned for head office.
        var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await Refused(
            new { dataset = "leads", measures = new[] { new { op = "sum", field = "cf.secret" } } },
            "measures[0].field",
            partner
        );
        (await Query(new { dataset = "leads", measures = new[] { new { op = "sum", field = "cf.score" } } }, partner))[
            "totals"
        ]!
            ["sum.cf.score"]
            .Should()
            .BeNull("the partner has no leads of its own");
        (await Query(new { dataset = "leads", measures = new[] { new { op = "sum", field = "cf.secret" } } }))[
            "totals"
        ]!["sum.cf.secret"]!
            .GetValue<decimal>()
            .Should()
            .Be(6m);
    }

    [Fact]
    public async Task The_catalogue_lists_the_custom_fields_the_caller_sees()
    {
        static JsonObject? Field(JsonObject catalogue, string dataset, string key) =>
            catalogue["datasets"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == dataset)!["fields"]!
                .AsArray()
                .SingleOrDefault(f => f!["key"]!.GetValue<string>() == key)
                ?.AsObject();

        var response = await Http.GetAsync("/api/v1/reports/fields");
        var catalogue = await ExpectJson(response, HttpStatusCode.OK);
        Field(catalogue, "leads", "cf.fee")!["type"]!.GetValue<string>().Should().Be("money");
        Field(catalogue, "leads", "cf.fee")!["aggregatable"]!.GetValue<bool>().Should().BeTrue();
        Field(catalogue, "leads", "cf.score")!["type"]!.GetValue<string>().Should().Be("number");
        Field(catalogue, "leads", "cf.purpose")!["groupable"]!.GetValue<bool>().Should().BeTrue();
        Field(catalogue, "leads", "client.cf.segment").Should().NotBeNull();
        Field(catalogue, "clients", "cf.segment").Should().NotBeNull();
        Field(catalogue, "leads", "cf.old_code").Should().BeNull("an archived field is left out");
        Field(catalogue, "deals", "cf.fee").Should().BeNull("the deals carry the deals' fields only");

        var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var partners = await ExpectJson(await partner.GetAsync("/api/v1/reports/fields"), HttpStatusCode.OK);
        Field(partners, "leads", "cf.secret").Should().BeNull();
        Field(partners, "leads", "cf.score").Should().NotBeNull();

        // A new definition changes the catalogue's tag.
        var tag = response.Headers.ETag!.Tag;
        await Define("lead", "extra", "boolean");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/fields");
        request.Headers.TryAddWithoutValidation("If-None-Match", tag);
        var again = await Http.SendAsync(request);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        Field(await ExpectJson(again, HttpStatusCode.OK), "leads", "cf.extra")!["operators"]!
            .AsArray()
            .Select(o => o!.GetValue<string>())
            .Should()
            .Contain("is_true");
    }
}
