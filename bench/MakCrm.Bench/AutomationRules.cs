using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MakCrm.Bench;

/// <summary>The automation rules of <c>leads-automation</c>, which the partner defines through the API, and what the
/// API's automation worker did with them.</summary>
internal static class AutomationRules
{
    public const string Described =
        "the partner's two rules on lead.created, run by the API's automation worker from the event feed: a task for "
        + "every lead (round robin), and an in-app notification for every lead of 1,000,000 roubles or more, to the users in turn";

    private static readonly object[] Rules =
    [
        new
        {
            name = "Позвонить по новому лиду",
            position = 1,
            trigger = new { type = "lead_created" },
            actions = new[]
            {
                new
                {
                    type = "create_task",
                    title = "Позвонить клиенту",
                    dueInHours = 2,
                    assignee = "round_robin",
                },
            },
        },
        new
        {
            name = "Крупный лид",
            position = 2,
            trigger = new { type = "lead_created" },
            condition = new
            {
                field = "requestedAmount",
                @operator = "gte",
                values = new[] { "1000000" },
            },
            actions = new[]
            {
                new
                {
                    type = "notify",
                    message = "Крупный лид",
                    assignee = "round_robin",
                },
            },
        },
    ];

    public static async Task DefineAsync(Uri apiBaseUrl, string accessToken, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = apiBaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        foreach (var rule in Rules)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/automation-rules")
            {
                Content = JsonContent.Create(rule, options: new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"POST /api/v1/automation-rules answered {(int)response.StatusCode}: "
                        + await response.Content.ReadAsStringAsync(cancellationToken)
                );
            }
        }
    }

    /// <summary>What the rules did: the leads, the rules' runs (and how many failed), the tasks they made, and how long
    /// after the load the worker had run them on every lead.</summary>
    public sealed record Outcome(long Leads, long Runs, long Failed, long Tasks, TimeSpan CatchUp)
    {
        public bool EveryLeadRan => Tasks == Leads && Failed == 0;

        public string Describe() =>
            $"{Leads} leads, {Runs} rule runs ({Failed} failed), {Tasks} tasks made by the rules; the worker had run "
            + $"them on every lead {CatchUp.TotalSeconds:0.0} s after the load ended";
    }

    /// <summary>Waits (up to two minutes) until the rules have made a task for every lead, then counts.</summary>
    public static async Task<Outcome> CaughtUpAsync(string connection, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        long leads,
            tasks;
        while (true)
        {
            leads = await Databases.CountAsync(connection, "SELECT count(*) FROM leads", cancellationToken);
            tasks = await Databases.CountAsync(
                connection,
                "SELECT count(*) FROM tasks WHERE subject_type = 'lead'",
                cancellationToken
            );
            if (tasks >= leads || waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                break;
            }

            await Task.Delay(200, cancellationToken);
        }

        var catchUp = waited.Elapsed;
        var runs = await Databases.CountAsync(connection, "SELECT count(*) FROM automation_runs", cancellationToken);
        var failed = await Databases.CountAsync(
            connection,
            "SELECT count(*) FROM automation_runs WHERE outcome = 'failed'",
            cancellationToken
        );
        return new Outcome(leads, runs, failed, tasks, catchUp);
    }
}
