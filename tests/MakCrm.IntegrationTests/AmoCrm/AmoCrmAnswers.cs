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

    /// <summary>The <c>integration_failed</c> notifications, oldest first: whom each went to (an e-mail of head
    /// office's users who manage integrations, as the permission's holders are read), its title and text.</summary>
    public static async Task<List<(string Recipient, string Title, string Body)>> IntegrationFailures(
        IServiceProvider services)
    {
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            """
            SELECT lower(u.email), n.title, n.body FROM notifications n JOIN users u ON u.id = n.recipient_user_id
            WHERE n.kind = 'integration_failed' ORDER BY n.created_at, n.id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var told = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            told.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return told;
    }

    /// <summary>The e-mails of head office's active users whose role holds <c>integrations.manage</c>.</summary>
    public static async Task<List<string>> IntegrationManagers(IServiceProvider services)
    {
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"""
            SELECT DISTINCT lower(u.email) FROM users u
            JOIN user_roles ur ON ur.user_id = u.id JOIN role_permissions rp ON rp.role_id = ur.role_id
            WHERE rp.permission = 'integrations.manage'
              AND u.organization_id = '{MakCrm.Domain.Organizations.Organization.HeadOfficeId}'
              AND NOT u.is_disabled
            ORDER BY 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var emails = new List<string>();
        while (await reader.ReadAsync())
        {
            emails.Add(reader.GetString(0));
        }

        return emails;
    }
}
