using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Contracts.Events;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Events;

/// <summary>The outbox, the sequencer and the feed: what is raised, when it becomes visible, in which order, to whom.</summary>
public sealed class EventFeedTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task A_status_change_is_in_the_feed_after_the_changes_commit_carrying_the_lead_as_the_api_answers_it()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var moved = await ExpectJson(
            await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""),
            HttpStatusCode.OK
        );

        var events = await EventsOf(Id(lead), count: 3);

        events
            .Select(e => e["type"]!.GetValue<string>())
            .Should()
            .Equal("lead.created", "lead.updated", "lead.status_changed");
        var changed = events[2];
        changed["data"]!
            .ToJsonString()
            .Should()
            .Be(moved.ToJsonString(), "an event carries the resource as the API answered it");
        changed["resourceType"]!.GetValue<string>().Should().Be("lead");
        changed["organizationId"]!.GetValue<string>().Should().Be(lead["organizationId"]!.GetValue<string>());
        changed["actor"]!["userId"]!
            .GetValue<string>()
            .Should()
            .Be((await Server.UserIdAsync(TestActor.Admin)).ToString());
        changed["actor"]!["displayName"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        changed["sequence"]!.GetValue<long>().Should().BeGreaterThan(events[1]["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_deletion_is_in_the_feed_with_the_id_and_the_last_version()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        (await Http.DeleteAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var deleted = (await EventsOf(Id(lead), count: 2)).Last();

        deleted["type"]!.GetValue<string>().Should().Be("lead.deleted");
        deleted["data"]!.ToJsonString().Should().Be($$"""{"id":"{{Id(lead)}}","version":2}""");
    }

    [Fact]
    public async Task A_rolled_back_or_retried_unit_of_work_raises_nothing_and_a_committed_one_raises_its_events()
    {
        var rolledBack = Guid.CreateVersion7();
        var discarded = Guid.CreateVersion7();
        var committed = Guid.CreateVersion7();
        await Server.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            var outbox = scope.ServiceProvider.GetRequiredService<IEventOutbox>();
            await using (await unitOfWork.BeginAsync(CancellationToken.None))
            {
                outbox.RaiseDeleted(EventPayloads.ClientDeleted, TestActors.PartnerAlphaOrganization, rolledBack, 3);
            }

            await using (var transaction = await unitOfWork.BeginAsync(CancellationToken.None))
            {
                outbox.RaiseDeleted(EventPayloads.ClientDeleted, TestActors.PartnerAlphaOrganization, discarded, 3);
                unitOfWork.DiscardChanges();
                outbox.RaiseDeleted(EventPayloads.ClientDeleted, TestActors.PartnerAlphaOrganization, committed, 3);
                await transaction.CommitAsync(CancellationToken.None);
            }

            return 0;
        });

        (await EventsOf(committed.ToString(), count: 1)).Single()["type"]!
            .GetValue<string>()
            .Should()
            .Be("client.deleted");
        (await StoredEventsOf(rolledBack)).Should().Be(0);
        (await StoredEventsOf(discarded)).Should().Be(0);
    }

    [Fact]
    public async Task A_save_in_the_transaction_writes_the_events_raised_before_it_and_a_rollback_takes_them_back()
    {
        var raised = Guid.CreateVersion7();
        var seenBeforeCommit = await Server.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            await using var transaction = await unitOfWork.BeginAsync(CancellationToken.None);
            scope
                .ServiceProvider.GetRequiredService<IEventOutbox>()
                .RaiseDeleted(EventPayloads.ClientDeleted, TestActors.PartnerAlphaOrganization, raised, 3);
            (await unitOfWork.SaveChangesAsync(CancellationToken.None)).IsSuccess.Should().BeTrue();

            var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM events WHERE resource_id = $1",
                (NpgsqlConnection)db.Database.GetDbConnection(),
                (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction()
            )
            {
                Parameters = { new() { Value = raised } },
            };
            return (long)(await count.ExecuteScalarAsync())!;
        });

        seenBeforeCommit.Should().Be(1, "the save sent the raised event in its batch, in the transaction");
        (await StoredEventsOf(raised))
            .Should()
            .Be(0, "the transaction was disposed uncommitted, and the event went with it");
    }

    [Fact]
    public async Task An_event_committed_later_is_numbered_after_every_event_already_visible_even_if_it_was_written_first()
    {
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var slow = await OpenAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await InsertEventAsync(slow, slowTransaction, first);

        await using (var fast = await OpenAsync())
        {
            await InsertEventAsync(fast, null, second);
        }

        var secondSequence = (await EventsOf(second.ToString(), count: 1)).Single()["sequence"]!.GetValue<long>();
        await slowTransaction.CommitAsync();
        var firstSequence = (await EventsOf(first.ToString(), count: 1)).Single()["sequence"]!.GetValue<long>();

        firstSequence
            .Should()
            .BeGreaterThan(
                secondSequence,
                "a reader that saw the second event must still see the first, which committed after it"
            );
    }

    [Fact]
    public async Task A_partner_sees_its_own_organizations_events_and_no_one_elses()
    {
        var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = await ExpectJson(
            await partner.PostAsync(
                "/api/v1/clients",
                Body(
                    new
                    {
                        fullName = "Петров Пётр",
                        phone = UniquePhone(),
                        source = "partner",
                    }
                )
            ),
            HttpStatusCode.Created
        );
        var headOffice = await CreateClient();
        await EventsOf(Id(headOffice), count: 1);

        var seen = await ReadAll(partner, "types=client.created");

        seen.Select(e => e["resourceId"]!.GetValue<string>()).Should().Contain(Id(own)).And.NotContain(Id(headOffice));
        seen.Should()
            .OnlyContain(e =>
                e["organizationId"]!.GetValue<string>() == TestActors.PartnerAlphaOrganization.ToString()
            );
        var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync("/api/v1/events"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_types_filter_narrows_the_feed_and_bad_input_is_a_400()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(
            await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""),
            HttpStatusCode.OK
        );
        await EventsOf(Id(lead), count: 3);

        var onlyMoves = await ReadAll(Http, "types=lead.status_changed");
        onlyMoves.Should().NotBeEmpty().And.OnlyContain(e => e["type"]!.GetValue<string>() == "lead.status_changed");

        FieldErrors(
                await ExpectProblem(
                    await Http.GetAsync("/api/v1/events?types=lead.sold"),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "types"
            )
            .Should()
            .NotBeEmpty();
        FieldErrors(
                await ExpectProblem(
                    await Http.GetAsync("/api/v1/events?after=-1"),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "after"
            )
            .Should()
            .NotBeEmpty();
        FieldErrors(
                await ExpectProblem(
                    await Http.GetAsync("/api/v1/events?after=abc"),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "after"
            )
            .Should()
            .NotBeEmpty();
        FieldErrors(
                await ExpectProblem(
                    await Http.GetAsync("/api/v1/events?limit=0"),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "limit"
            )
            .Should()
            .NotBeEmpty();
    }

    [Fact]
    public async Task An_empty_page_hands_the_cursor_back_and_a_cursor_older_than_the_events_kept_is_a_410()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        (await Http.DeleteAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var last = (await EventsOf(Id(lead), count: 2)).Last()["sequence"]!.GetValue<long>();
        var end = await ExpectJson(await Http.GetAsync($"/api/v1/events?after={last + 1000}"), HttpStatusCode.OK);
        (end["items"]!.AsArray().Count, end["nextCursor"]!.GetValue<string>(), end["hasMore"]!.GetValue<bool>())
            .Should()
            .Be((0, $"{last + 1000}", false));

        // The purge, as it runs 30 days on: every event kept so far is old enough.
        await Server.WithServicesAsync(services =>
            services
                .GetRequiredService<EventRetention>()
                .PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100_000, CancellationToken.None)
        );

        await ExpectProblem(await Http.GetAsync("/api/v1/events?after=1"), HttpStatusCode.Gone, "event_cursor_expired");
        var caughtUp = await ExpectJson(await Http.GetAsync($"/api/v1/events?after={last}"), HttpStatusCode.OK);
        caughtUp["items"]!
            .AsArray()
            .Should()
            .BeEmpty("nothing after this cursor is gone, and the purge emptied the feed");

        // Numbers never go back, purge or not: the next event follows the last one purged.
        var next = await CreateClient();
        (await EventsOf(Id(next), count: 1)).Single()["sequence"]!.GetValue<long>().Should().BeGreaterThan(last);
    }

    [Fact]
    public async Task The_purge_deletes_from_the_feeds_head_the_events_older_than_the_moment_and_keeps_the_younger()
    {
        var older = (await EventsOf(Id(await CreateClient()), count: 1)).Single();
        await Task.Delay(50);
        var younger = (await EventsOf(Id(await CreateClient()), count: 1)).Single();
        var moment = older["occurredAt"]!.GetValue<DateTimeOffset>().AddMilliseconds(20);
        younger["occurredAt"]!.GetValue<DateTimeOffset>().Should().BeAfter(moment);

        var purged = await Server.WithServicesAsync(services =>
            services.GetRequiredService<EventRetention>().PurgeAsync(moment, 100_000, CancellationToken.None)
        );

        purged.Should().BePositive();
        var after = older["sequence"]!.GetValue<long>();
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/events?after={after - 1}"),
            HttpStatusCode.Gone,
            "event_cursor_expired"
        );
        var kept = (await ReadAll(Http, after: after)).Select(e => e["id"]!.GetValue<string>());
        kept.Should().Contain(younger["id"]!.GetValue<string>(), "an event younger than the moment is kept");
    }

    private Task<List<JsonObject>> EventsOf(string resourceId, int count) =>
        EventFeedReading.EventsOf(Http, resourceId, count);

    private static Task<List<JsonObject>> ReadAll(HttpClient http, string query = "", long after = 0) =>
        EventFeedReading.ReadAll(http, query, after);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task InsertEventAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid resourceId
    )
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO events (id, type, occurred_at, organization_id, resource_type, resource_id, data)
            VALUES ($1, 'client.deleted', now(), $2, 'client', $3, '{}')
            """,
            connection,
            transaction
        )
        {
            Parameters =
            {
                new() { Value = Guid.CreateVersion7() },
                new() { Value = MakCrm.Domain.Organizations.Organization.HeadOfficeId },
                new() { Value = resourceId },
            },
        };
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<long> StoredEventsOf(Guid resourceId)
    {
        await using var connection = await OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM events WHERE resource_id = $1", connection)
        {
            Parameters = { new() { Value = resourceId } },
        };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
