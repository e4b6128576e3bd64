using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Streaming;

/// <summary>The live stream over real HTTP and PostgreSQL: events as they commit, on any instance, resume, filters,
/// heartbeats, the cap, tickets, access taken away, notifications and lots' live state.</summary>
public sealed class StreamTests(StreamTests.Fixture server) : IClassFixture<StreamTests.Fixture>, IAsyncLifetime
{
    /// <summary>Quick heartbeats and tickets, and a small cap, so that a test sees each within seconds.</summary>
    public sealed class Fixture() : ApiServerFixture(new Dictionary<string, string>
    {
        ["Mak:Stream:HeartbeatInterval"] = "00:00:01",
        ["Mak:Stream:TicketLifetime"] = "00:00:02",
        ["Mak:Stream:MaxStreamsPerCaller"] = "3",
    });

    private static int _phone;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        admin = await server.CreateHttpClientAsync(TestActor.Admin);
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_change_made_through_one_instance_reaches_a_stream_held_on_another_as_the_feed_carries_it()
    {
        await using var second = server.StartSecondInstance();
        using var onSecond = second.CreateHttpClient(await server.AccessTokenAsync(TestActor.Admin));
        await using var stream = await SseClient.OpenAsync(onSecond, "/api/v1/stream");
        stream.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var start = (await stream.NextAsync())!;
        start.Retry.Should().Be("3000");
        start.Data.Should().BeNull("the first message only names where the stream starts, for a resume before any event");
        var startedAfter = long.Parse(start.Id!, System.Globalization.CultureInfo.InvariantCulture);

        var client = await CreateClient(admin);

        var message = await stream.NextWhereAsync(m => m.Event == "client.created");
        message.Should().NotBeNull();
        var fromFeed = (await Feed(admin, "client.created")).Single(e => e["resourceId"]!.GetValue<string>() == Id(client));
        JsonNode.Parse(message!.Data!)!.ToJsonString().Should().Be(fromFeed.ToJsonString(), "the stream sends each event exactly as the feed returns it");
        message.Id.Should().Be(fromFeed["sequence"]!.GetValue<long>().ToString());
        fromFeed["sequence"]!.GetValue<long>().Should().BeGreaterThan(startedAfter);
    }

    [Fact]
    public async Task Resuming_from_Last_Event_ID_sends_exactly_the_missed_events_then_the_live_ones()
    {
        var first = await CreateClient(admin);
        var missed = new[] { await CreateClient(admin), await CreateClient(admin) };
        var firstEvent = await EventOf(Id(first));
        await EventOf(Id(missed[1]));

        await using var stream = await SseClient.OpenAsync(admin, "/api/v1/stream?types=client.created", lastEventId: firstEvent["sequence"]!.ToString());
        (await stream.NextAsync())!.Id.Should().Be(firstEvent["sequence"]!.ToString(), "a resumed stream starts after the id it was given");
        var caughtUp = new[] { await stream.NextWhereAsync(m => m.Event is not null), await stream.NextWhereAsync(m => m.Event is not null) };
        caughtUp.Select(m => ResourceOf(m!)).Should().Equal(missed.Select(Id));

        var live = await CreateClient(admin);
        await CreateLead(admin, Id(live));
        var next = await stream.NextWhereAsync(m => m.Event is not null);
        ResourceOf(next!).Should().Be(Id(live), "nothing is repeated or skipped between catching up and going live");
        next!.Event.Should().Be("client.created", "the types filter leaves the lead's events out");
        (await stream.NextWhereAsync(m => m.Event is not null, TimeSpan.FromSeconds(2))).Should().BeNull();

        // The query parameter resumes as the header does.
        await using var byQuery = await SseClient.OpenAsync(admin, $"/api/v1/stream?types=client.created&lastEventId={firstEvent["sequence"]}");
        ResourceOf((await byQuery.NextWhereAsync(m => m.Event is not null))!).Should().Be(Id(missed[0]));
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeats()
    {
        await using var stream = await SseClient.OpenAsync(admin, "/api/v1/stream");

        (await stream.NextWhereAsync(m => m.Comment == "keep-alive", TimeSpan.FromSeconds(5))).Should().NotBeNull();
        (await stream.NextWhereAsync(m => m.Comment == "keep-alive", TimeSpan.FromSeconds(5))).Should().NotBeNull();
    }

    [Fact]
    public async Task A_caller_may_hold_the_capped_number_of_streams_and_the_next_is_429_until_one_closes()
    {
        using var franchisee = await server.CreateHttpClientAsync(TestActor.Franchisee);
        var open = new List<SseClient>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await SseClient.OpenAsync(franchisee, "/api/v1/stream"));
            open[^1].Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var refused = await franchisee.GetAsync("/api/v1/stream"))
        {
            await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "stream_limit_reached");
        }

        await using var othersStream = await SseClient.OpenAsync(admin, "/api/v1/stream");
        othersStream.Response.StatusCode.Should().Be(HttpStatusCode.OK, "the cap is per caller");

        await open[0].DisposeAsync();
        await ReopenAndCloseAllAsync(franchisee, open);
    }

    [Fact]
    public async Task The_cap_counts_a_callers_streams_on_every_instance_together()
    {
        await using var second = server.StartSecondInstance();
        var token = await server.AccessTokenAsync(TestActor.Franchisee);
        using var onFirst = server.CreateHttpClient(token);
        using var onSecond = second.CreateHttpClient(token);
        var open = new List<SseClient>
        {
            await SseClient.OpenAsync(onFirst, "/api/v1/stream"),
            await SseClient.OpenAsync(onFirst, "/api/v1/stream"),
            await SseClient.OpenAsync(onSecond, "/api/v1/stream"),
        };
        open.Should().OnlyContain(stream => stream.Response.StatusCode == HttpStatusCode.OK);

        using (var refused = await onSecond.GetAsync("/api/v1/stream"))
        {
            await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "stream_limit_reached");
        }

        using (var refused = await onFirst.GetAsync("/api/v1/stream"))
        {
            await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "stream_limit_reached");
        }

        // A stream closed on the first instance frees a place on the second.
        await open[0].DisposeAsync();
        await ReopenAndCloseAllAsync(onSecond, open);
    }

    [Fact]
    public async Task The_streams_of_an_instance_that_stopped_renewing_them_no_longer_count()
    {
        var franchisee = await server.UserIdAsync(TestActor.Franchisee);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            // Three streams of an instance that died a minute ago (the fixture's heartbeat is a second: three missed).
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO stream_slots (id, caller, instance_id, opened_at, renewed_at) SELECT gen_random_uuid(), $1, gen_random_uuid(), now() - interval '1 hour', now() - interval '1 minute' FROM generate_series(1, 3)",
                connection) { Parameters = { new() { Value = franchisee.ToString() } } };
            await insert.ExecuteNonQueryAsync();
        }

        using var client = await server.CreateHttpClientAsync(TestActor.Franchisee);
        await using (var stream = await SseClient.OpenAsync(client, "/api/v1/stream"))
        {
            stream.Response.StatusCode.Should().Be(HttpStatusCode.OK, "slots not renewed for three heartbeats do not count");
            (await CountSlotsAsync(franchisee)).Should().Be(1, "opening cleared the dead instance's slots and took one");
        }

        (await Eventually(async () => await CountSlotsAsync(franchisee) == 0 ? "released" : null)).Should().Be("released", "a closed stream gives its slot back");
    }

    /// <summary>Opens a stream as soon as the first of <paramref name="open"/> (closed already) frees its place, then closes them all.</summary>
    private static async Task ReopenAndCloseAllAsync(HttpClient client, List<SseClient> open)
    {
        var reopened = await Eventually(async () =>
        {
            var again = await SseClient.OpenAsync(client, "/api/v1/stream");
            if (again.Response.StatusCode == HttpStatusCode.OK)
            {
                return again;
            }

            await again.DisposeAsync();
            return null;
        });
        await reopened.DisposeAsync();
        foreach (var stream in open.Skip(1))
        {
            await stream.DisposeAsync();
        }
    }

    private async Task<long> CountSlotsAsync(Guid caller)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM stream_slots WHERE caller = $1", connection) { Parameters = { new() { Value = caller.ToString() } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_ticket_opens_one_stream_without_a_bearer_header_once_and_not_after_it_expires()
    {
        var ticket = await Ticket(admin);
        using var anonymous = server.CreateHttpClient();

        await using (var stream = await SseClient.OpenAsync(anonymous, $"/api/v1/stream?ticket={ticket}"))
        {
            stream.Response.StatusCode.Should().Be(HttpStatusCode.OK);
            var client = await CreateClient(admin);
            ResourceOf((await stream.NextWhereAsync(m => m.Event == "client.created"))!).Should().Be(Id(client), "the ticket's stream is the admin's");
        }

        await ExpectProblem(await anonymous.GetAsync($"/api/v1/stream?ticket={ticket}"), HttpStatusCode.Unauthorized, "unauthorized");

        var lapsed = await Ticket(admin);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await ExpectProblem(await anonymous.GetAsync($"/api/v1/stream?ticket={lapsed}"), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await anonymous.GetAsync("/api/v1/stream?ticket=mst_made-up"), HttpStatusCode.Unauthorized, "unauthorized");

        // A ticket opens the stream and nothing else.
        var other = await Ticket(admin);
        await ExpectProblem(await anonymous.GetAsync($"/api/v1/clients?ticket={other}"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_ticket_of_a_user_disabled_since_is_refused_and_a_disabled_users_stream_ends_within_a_heartbeat()
    {
        var employeeId = await server.UserIdAsync(TestActor.Employee);
        using var employee = server.CreateHttpClient((await server.PasswordGrantAsync(TestActor.Employee.Email(), TestActors.Password)).GetProperty("access_token").GetString());
        var ticket = await Ticket(employee);
        await using var stream = await SseClient.OpenAsync(employee, "/api/v1/stream");
        stream.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            (await admin.PostAsync($"/api/v1/users/{employeeId}/deactivation", null)).StatusCode.Should().Be(HttpStatusCode.OK);

            var ended = await Eventually(() => Task.FromResult(stream.Ended ? "ended" : null), TimeSpan.FromSeconds(4));
            ended.Should().Be("ended");
            using var anonymous = server.CreateHttpClient();
            await ExpectProblem(await anonymous.GetAsync($"/api/v1/stream?ticket={ticket}"), HttpStatusCode.Unauthorized, "unauthorized");
        }
        finally
        {
            (await admin.PostAsync($"/api/v1/users/{employeeId}/reactivation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_users_new_notification_arrives_on_their_stream_only_as_the_api_answers_it()
    {
        var franchiseeId = await server.UserIdAsync(TestActor.Franchisee);
        using var franchisee = await server.CreateHttpClientAsync(TestActor.Franchisee);
        await using var stream = await SseClient.OpenAsync(franchisee, "/api/v1/stream");
        await using var others = await SseClient.OpenAsync(admin, "/api/v1/stream");
        await stream.NextAsync();

        // Inserted straight into the table: however a notification is made, the stream hears of it.
        var id = Guid.CreateVersion7();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO notifications (id, recipient_user_id, organization_id, kind, title, created_at) VALUES ($1, $2, $3, 'task_assigned', 'Новая задача', now())", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = franchiseeId });
            insert.Parameters.Add(new NpgsqlParameter { Value = TestActors.FranchiseeOrganization });
            await insert.ExecuteNonQueryAsync();
        }

        var message = await stream.NextWhereAsync(m => m.Event == "notification");
        message.Should().NotBeNull();
        var listed = await ExpectJson(await franchisee.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        JsonNode.Parse(message!.Data!)!.ToJsonString().Should().Be(listed["items"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == id.ToString())!.ToJsonString());
        message.Id.Should().BeNull("only events carry an id to resume from");
        (await others.NextWhereAsync(m => m.Event == "notification", TimeSpan.FromSeconds(1.5))).Should().BeNull();
    }

    [Fact]
    public async Task A_bid_sends_the_lots_live_state_to_auction_readers_as_get_live_answers_it()
    {
        using var franchisee = await server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectJson(await admin.PostAsync("/api/v1/ledger/deposits", Body(new { organizationId = TestActors.FranchiseeOrganization, amount = 5000, comment = "Пополнение" })), HttpStatusCode.Created);
        var lead = await CreateLead(admin, Id(await CreateClient(admin)));
        var lot = Id(await ExpectJson(await admin.PostAsync("/api/v1/lots", Body(new { leadId = Id(lead), startPrice = 1000, minStep = 100, endsAt = DateTimeOffset.UtcNow.AddHours(1) })), HttpStatusCode.Created));
        await using var stream = await SseClient.OpenAsync(franchisee, "/api/v1/stream");
        await stream.NextAsync();

        await ExpectJson(await franchisee.PostAsync($"/api/v1/lots/{lot}/bids", Body(new { amount = 1000 })), HttpStatusCode.Created);

        var message = await stream.NextWhereAsync(m => m.Event == "lot_state");
        message.Should().NotBeNull();
        var live = await ExpectJson(await franchisee.GetAsync($"/api/v1/lots/{lot}/live"), HttpStatusCode.OK);
        JsonNode.Parse(message!.Data!)!.ToJsonString().Should().Be(live.ToJsonString());
        live["position"]!.GetValue<string>().Should().Be("leading");
    }

    [Fact]
    public async Task Bad_input_and_callers_without_the_permission_are_refused_before_the_stream_starts()
    {
        await ExpectProblem(await admin.GetAsync("/api/v1/stream?lastEventId=abc"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await admin.GetAsync("/api/v1/stream?types=lead.exploded"), HttpStatusCode.BadRequest, "validation_failed");
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream"))
        {
            request.Headers.Add("Last-Event-ID", "-1");
            await ExpectProblem(await admin.SendAsync(request), HttpStatusCode.BadRequest, "validation_failed");
        }

        await ExpectProblem(await admin.GetAsync("/api/v1/stream?unknown=1"), HttpStatusCode.BadRequest, "validation_failed");
        using var anonymous = server.CreateHttpClient();
        await ExpectProblem(await anonymous.GetAsync("/api/v1/stream"), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await anonymous.PostAsync("/api/v1/stream/tickets", null), HttpStatusCode.Unauthorized, "unauthorized");
        using var guest = await server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync("/api/v1/stream"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await guest.PostAsync("/api/v1/stream/tickets", null), HttpStatusCode.Forbidden, "forbidden");
    }

    private static async Task<string> Ticket(HttpClient http)
    {
        var ticket = await ExpectJson(await http.PostAsync("/api/v1/stream/tickets", null), HttpStatusCode.OK);
        ticket["expiresAt"]!.GetValue<DateTimeOffset>().Should().BeAfter(DateTimeOffset.UtcNow);
        return ticket["ticket"]!.GetValue<string>();
    }

    private async Task<JsonObject> EventOf(string resourceId) =>
        await Eventually(async () => (await Feed(admin, null)).FirstOrDefault(e => e["resourceId"]!.GetValue<string>() == resourceId));

    private static async Task<List<JsonObject>> Feed(HttpClient http, string? type)
    {
        var page = await ExpectJson(await http.GetAsync("/api/v1/events?limit=100" + (type is null ? "" : $"&types={type}")), HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Select(e => e!.AsObject())];
    }

    private static string ResourceOf(SseMessage message) => JsonNode.Parse(message.Data!)!["resourceId"]!.GetValue<string>();

    private static async Task<T> Eventually<T>(Func<Task<T?>> attempt, TimeSpan? timeout = null)
        where T : class
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await attempt() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The expected state did not come in time.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonObject> CreateClient(HttpClient http) =>
        await ExpectJson(await http.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент потока", phone = $"+7998{Interlocked.Increment(ref _phone) + (Environment.ProcessId % 1000 * 1000):0000000}", source = "partner" })), HttpStatusCode.Created);

    private static async Task<JsonObject> CreateLead(HttpClient http, string clientId) =>
        await ExpectJson(await http.PostAsync("/api/v1/leads", Body(new { clientId, requestedAmount = 500000, product = "auto" })), HttpStatusCode.Created);

    private static StringContent Body(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();

    private static async Task<JsonObject> ExpectJson(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await ExpectJson(response, status);
        problem["code"]!.GetValue<string>().Should().Be(code);
        _ = new MediaTypeHeaderValue("application/problem+json");
    }
}
