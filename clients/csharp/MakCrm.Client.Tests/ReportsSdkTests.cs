using System.Text.Json;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The report builder through the SDK: the catalogue, a query, and a saved report run again.</summary>
public sealed class ReportsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_query_groups_leads_by_source_and_a_saved_report_runs_it_again()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient())).Result;
        await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 1_000_000m,
                Product = LoanProduct.Mortgage,
            }
        );
        await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 500_000.50m,
                Product = LoanProduct.Auto,
            }
        );

        var listed = await Api.ListReportFieldsAsync();
        var catalogue = listed.Result;
        catalogue
            .Datasets.Single(d => d.Key == "leads")
            .Fields.Should()
            .Contain(f => f.Key == "requestedAmount" && f.Type == ReportFieldType.Money && f.Aggregatable);
        // The catalogue named by its ETag is still the caller's: an answer, not an exception, with no result.
        var unchanged = await Api.ListReportFieldsAsync(listed.ETag);
        unchanged.IsNotModified.Should().BeTrue();
        unchanged.StatusCode.Should().Be(304);
        unchanged.ETag.Should().Be(listed.ETag);

        var query = new ReportQuery
        {
            Dataset = "leads",
            Dimensions = [new ReportQueryDimension { Field = "product" }],
            Measures =
            [
                new ReportQueryMeasure { Op = ReportMeasureOp.Count, As = "leads" },
                new ReportQueryMeasure
                {
                    Op = ReportMeasureOp.Sum,
                    Field = "requestedAmount",
                    As = "amount",
                },
            ],
            Filter = new ReportFilter
            {
                Field = "createdAt",
                Operator = ReportOperator.Gte,
                Values = ["2020-01-01"],
            },
            Sort = [new ReportQuerySort { By = "amount", Direction = ReportSortDirection.Desc }],
        };
        var result = (await Api.RunReportQueryAsync(query)).Result;

        result.Columns.Select(c => c.Key).Should().Equal("product", "leads", "amount");
        var rows = result.Rows.Cast<JsonElement>().ToList();
        rows.Select(r => r.GetProperty("product").GetString()).Should().Equal("mortgage", "auto");
        rows[1].GetProperty("amount").GetDecimal().Should().Be(500_000.50m);
        ((JsonElement)result.Totals).GetProperty("leads").GetInt64().Should().Be(2);

        var saved = (
            await Api.CreateSavedReportAsync(
                new CreateSavedReportRequest
                {
                    Name = "По продуктам",
                    Query = query,
                    SharedWithRoles = ["employee"],
                },
                idempotency_Key: Guid.NewGuid().ToString()
            )
        ).Result;
        var again = (await Api.RunSavedReportAsync(saved.Id)).Result;
        ((JsonElement)again.Totals).GetProperty("amount").GetDecimal().Should().Be(1_500_000.50m);

        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() =>
            Api.RunReportQueryAsync(
                new ReportQuery
                {
                    Dataset = "leads",
                    Measures = [new ReportQueryMeasure { Op = ReportMeasureOp.Sum, Field = "clientCity" }],
                }
            )
        );
        refused.StatusCode.Should().Be(400);
        refused.Result.Errors!.Keys.Should().Contain("measures[0].field");
    }

    [Fact]
    public async Task Custom_fields_are_in_the_catalogue_with_their_types_and_a_query_groups_and_sums_them()
    {
        await Api.CreateCustomFieldDefinitionAsync(
            new CreateCustomFieldDefinitionRequest
            {
                Entity = CustomFieldEntity.Lead,
                Key = "purpose",
                Label = "Цель",
                Type = CustomFieldType.Select,
                Options = ["home", "car"],
            }
        );
        await Api.CreateCustomFieldDefinitionAsync(
            new CreateCustomFieldDefinitionRequest
            {
                Entity = CustomFieldEntity.Lead,
                Key = "score",
                Label = "Балл",
                Type = CustomFieldType.Number,
            }
        );
        var client = (await Api.CreateClientAsync(TestData.NewClient())).Result;
        foreach (var (purpose, score) in new[] { ("home", 1.5m), ("home", 2m), ("car", 7m) })
        {
            await Api.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = 100_000m,
                    Product = LoanProduct.Mortgage,
                    CustomFields = new CustomFieldValues
                    {
                        AdditionalProperties = { ["purpose"] = purpose, ["score"] = score },
                    },
                }
            );
        }

        var fields = (await Api.ListReportFieldsAsync()).Result.Datasets.Single(d => d.Key == "leads").Fields;
        var scoreField = fields.Single(f => f.Key == "cf.score");
        (scoreField.Type, scoreField.Label, scoreField.Aggregatable)
            .Should()
            .Be((ReportFieldType.Number, "Балл", true));
        fields.Single(f => f.Key == "cf.purpose").Values.Should().Equal("home", "car");

        var result = (
            await Api.RunReportQueryAsync(
                new ReportQuery
                {
                    Dataset = "leads",
                    Dimensions = [new ReportQueryDimension { Field = "cf.purpose" }],
                    Measures =
                    [
                        new ReportQueryMeasure
                        {
                            Op = ReportMeasureOp.Sum,
                            Field = "cf.score",
                            As = "score",
                        },
                    ],
                }
            )
        ).Result;
        result.Columns.Single(c => c.Key == "score").Type.Should().Be(ReportColumnType.Number);
        result
            .Rows.Cast<JsonElement>()
            .ToDictionary(r => r.GetProperty("cf.purpose").GetString()!, r => r.GetProperty("score").GetDecimal())
            .Should()
            .Equal(new Dictionary<string, decimal> { ["car"] = 7m, ["home"] = 3.5m });
    }

    [Fact]
    public async Task A_report_grouped_by_a_clients_name_is_a_read_of_each_client_shown_saved_runs_too()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient($"Отчётный {Guid.NewGuid():N}"))).Result;
        await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 700_000m,
                Product = LoanProduct.Auto,
            }
        );
        var fields = (await Api.ListReportFieldsAsync()).Result.Datasets.Single(d => d.Key == "clients").Fields;
        fields.Where(f => f.Personal).Select(f => f.Key).Should().BeEquivalentTo(["fullName", "phone", "email"]);

        var query = new ReportQuery
        {
            Dataset = "leads",
            Dimensions = [new ReportQueryDimension { Field = "clientName" }],
            Measures = [new ReportQueryMeasure { Op = ReportMeasureOp.Count, As = "leads" }],
            Filter = new ReportFilter
            {
                Field = "clientName",
                Operator = ReportOperator.Eq,
                Values = [client.FullName],
            },
        };
        var result = (await Api.RunReportQueryAsync(query)).Result;
        result.Rows.Cast<JsonElement>().Single().GetProperty("clientName").GetString().Should().Be(client.FullName);
        var saved = (
            await Api.CreateSavedReportAsync(
                new CreateSavedReportRequest
                {
                    Name = "По клиентам",
                    Query = query,
                    SharedWithRoles = [],
                },
                idempotency_Key: Guid.NewGuid().ToString()
            )
        ).Result;
        await Api.RunSavedReportAsync(saved.Id);

        var reads = (await Api.ListPersonalDataReadsAsync(subjectId: client.Id, access: "report")).Result.Items;
        reads.Should().HaveCount(2, "the query and the saved report each showed the client");
        reads.Should().OnlyContain(r => r.SubjectType == "client" && r.Access == "report");
    }
}
