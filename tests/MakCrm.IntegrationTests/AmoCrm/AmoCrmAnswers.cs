using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>What the amoCRM API tests read of the answers and of the audit log.</summary>
internal static class AmoCrmAnswers
{
    public static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonNode.Parse(text)!["code"]!.GetValue<string>().Should().Be(code);
    }

    /// <summary>The amoCRM audit actions, oldest first.</summary>
    public static async Task<List<string>> AuditActions(IServiceProvider services)
    {
        await using var command = services
            .GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT action FROM audit_events WHERE action LIKE 'amocrm.%' ORDER BY occurred_at, id");
        await using var reader = await command.ExecuteReaderAsync();
        var actions = new List<string>();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }
}
