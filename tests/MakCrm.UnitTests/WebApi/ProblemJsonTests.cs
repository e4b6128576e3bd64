using System.Text;
using System.Text.Json;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.UnitTests.WebApi;

/// <summary>ProblemJson writes field by field what the serializer would write, byte for byte.</summary>
public sealed class ProblemJsonTests
{
    private static readonly JsonSerializerOptions Options = ApiOptions();

    public static TheoryData<string> Problems() => ["bid_too_low", "validation_failed", "framework", "cyrillic", "odd_values"];

    [Theory]
    [MemberData(nameof(Problems))]
    public void A_problem_is_written_as_the_serializer_writes_it(string name)
    {
        var problem = Build(name);

        var written = Encoding.UTF8.GetString(ProblemJson.Serialize(problem, Options).Span);

        written.Should().Be(JsonSerializer.Serialize(problem, Options));
    }

    [Fact]
    public void A_refused_bid_names_its_code_trace_and_minimum_as_numbers_and_strings()
    {
        var json = JsonDocument.Parse(ProblemJson.Serialize(Build("bid_too_low"), Options)).RootElement;

        json.GetProperty("status").GetInt32().Should().Be(409);
        json.GetProperty("code").GetString().Should().Be("bid_too_low");
        json.GetProperty("minimumBid").GetDecimal().Should().Be(1010.50m);
        json.TryGetProperty("instance", out _).Should().BeFalse();
    }

    private static ProblemDetails Build(string name)
    {
        switch (name)
        {
            case "bid_too_low":
            {
                var problem = MakCrm.WebApi.Http.Problems.Create(409, "bid_too_low", "Bid at least 1010.50.", extensions: new Dictionary<string, object?> { ["minimumBid"] = 1010.50m });
                problem.Extensions["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736";
                return problem;
            }

            case "validation_failed":
            {
                var problem = MakCrm.WebApi.Http.Problems.Create(
                    400, "validation_failed", "The request is invalid.", new Dictionary<string, string[]> { ["amount"] = ["Must be a number."], ["Idempotency-Key"] = ["Too long.", "Not ASCII."] });
                problem.Instance = "/api/v1/lots/1/bids";
                return problem;
            }

            case "framework":
                return new ProblemDetails { Status = 404 };

            case "cyrillic":
                return MakCrm.WebApi.Http.Problems.Create(409, "lead_not_returnable", "Лид «Иван П.» нельзя вернуть: <срок> & прошёл");

            default:
            {
                var problem = new ProblemDetails { Title = "t", Status = 409 };
                problem.Extensions["none"] = null;
                problem.Extensions["count"] = 3;
                problem.Extensions["flag"] = true;
                problem.Extensions["when"] = new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);
                problem.Extensions["list"] = new[] { 1, 2 };
                return problem;
            }
        }
    }

    private static JsonSerializerOptions ApiOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        WireJson.Configure(options);
        return options;
    }
}
