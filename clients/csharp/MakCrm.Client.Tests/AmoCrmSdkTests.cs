using MakCrm.AmoCrmSimulator;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>The amoCRM connection through the SDK, against the simulator: connect, read, refuse a second,
/// disconnect; map the account, run the import's dry run and the import itself; start, read, pause and resume the
/// sync, and amoCRM's webhook delivery.</summary>
public sealed class AmoCrmSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_connects_its_account_reads_the_state_and_disconnects()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 5 }).StartAsync();
        var request = new ConnectAmoCrmRequest { BaseUrl = amo.BaseAddress.ToString(), Token = amo.LongLivedToken };

        var connected = (await Api.ConnectAmoCrmAsync(request, Guid.NewGuid().ToString())).Result;
        connected.AccountId.Should().Be(AmoSeed.AccountId);
        connected.State.Should().Be(AmoCrmConnectionState.Active);
        connected.AuthKind.Should().Be(AmoCrmAuthKind.Long_lived);
        connected.TokenExpiresSoon.Should().BeFalse();

        (await Api.GetAmoCrmConnectionAsync()).Result.Id.Should().Be(connected.Id);
        await Expect.ProblemAsync(
            () => Api.ConnectAmoCrmAsync(request, Guid.NewGuid().ToString()),
            409,
            "amocrm_already_connected"
        );

        await Api.DisconnectAmoCrmAsync();
        await Expect.ProblemAsync(() => Api.GetAmoCrmConnectionAsync(), 404, "not_found");
        amo.Blocked = true;
        await Expect.ProblemAsync(
            () => Api.ConnectAmoCrmAsync(request, Guid.NewGuid().ToString()),
            422,
            "amocrm_account_blocked"
        );
    }

    [Fact]
    public async Task Head_office_connects_with_OAuth_and_a_state_is_used_once()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 5 }).StartAsync();
        var start = (
            await Api.StartAmoCrmOAuthAsync(
                new StartAmoCrmOAuthRequest
                {
                    BaseUrl = amo.BaseAddress.ToString(),
                    ClientId = amo.Options.ClientId,
                    ClientSecret = amo.Options.ClientSecret,
                    RedirectUri = "https://mak.example/amocrm/callback",
                },
                Guid.NewGuid().ToString()
            )
        ).Result;
        var code = amo.IssueAuthorizationCode("https://mak.example/amocrm/callback");

        var callback = new CompleteAmoCrmOAuthRequest { State = start.State, Code = code };
        var connected = (await Api.CompleteAmoCrmOAuthAsync(callback, Guid.NewGuid().ToString())).Result;
        connected.AuthKind.Should().Be(AmoCrmAuthKind.Oauth);
        connected.State.Should().Be(AmoCrmConnectionState.Active);
        await Expect.ProblemAsync(
            () => Api.CompleteAmoCrmOAuthAsync(callback, Guid.NewGuid().ToString()),
            400,
            "amocrm_oauth_state_invalid"
        );
    }

    [Fact]
    public async Task Head_office_maps_the_account_under_If_Match_and_runs_the_dry_run()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 20 }).StartAsync();
        var connect = new ConnectAmoCrmRequest { BaseUrl = amo.BaseAddress.ToString(), Token = amo.LongLivedToken };
        await Api.ConnectAmoCrmAsync(connect, Guid.NewGuid().ToString());

        var read = await Api.GetAmoCrmMappingAsync();
        read.ETag.Should().Be("\"0\"");
        read.Result.AmoCrm.Pipelines.Should().HaveCount(amo.Account.Pipelines.Count);
        read.Result.Unmapped.Users.Should().HaveCount(amo.Account.Users.Count);
        var main = amo.Account.Pipelines[0];
        var mapping = MainPipelineMapping(amo);

        var saved = await Api.ReplaceAmoCrmMappingAsync(mapping, read.ETag!);
        saved.ETag.Should().Be("\"1\"");
        saved.Result.Version.Should().Be(1);
        saved.Result.Unmapped.Statuses.Should().NotContain(s => s.AmoPipelineId == main.Id);
        await Expect.ProblemAsync(() => Api.ReplaceAmoCrmMappingAsync(mapping, read.ETag!), 412, "precondition_failed");

        var preview = (await Api.PreviewAmoCrmImportAsync()).Result;
        preview.MappingVersion.Should().Be(1);
        (preview.Contacts.Create + preview.Contacts.Link + preview.Contacts.Skip).Should().Be(16);
        (preview.Leads.Create + preview.Leads.Link + preview.Leads.Skip).Should().Be(20);
        preview.Leads.Create.Should().BeGreaterThan(0);
        preview.LeadsWithoutUser.Should().Be(preview.Leads.Create, "no amoCRM user is mapped");
    }

    [Fact]
    public async Task Head_office_imports_the_account_and_reads_its_progress_and_dead_letters()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 20 }).StartAsync();
        var connect = new ConnectAmoCrmRequest { BaseUrl = amo.BaseAddress.ToString(), Token = amo.LongLivedToken };
        await Api.ConnectAmoCrmAsync(connect, Guid.NewGuid().ToString());
        await Expect.ProblemAsync(
            () => Api.StartAmoCrmImportAsync(Guid.NewGuid().ToString()),
            409,
            "amocrm_mapping_missing"
        );
        await Api.ReplaceAmoCrmMappingAsync(MainPipelineMapping(amo), "\"0\"");
        var preview = (await Api.PreviewAmoCrmImportAsync()).Result;

        var started = (await Api.StartAmoCrmImportAsync(Guid.NewGuid().ToString())).Result;
        started.Status.Should().Be(AmoCrmImportStatus.Queued);
        started.Checkpoints.Select(c => c.Entity).Should().StartWith([AmoCrmImportStage.Users]);
        await Expect.ProblemAsync(
            () => Api.StartAmoCrmImportAsync(Guid.NewGuid().ToString()),
            409,
            "amocrm_import_running"
        );
        var runner = Server.Services.GetRequiredService<MakCrm.Infrastructure.AmoCrm.AmoCrmImportRunner>();
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        var done = (await Api.GetAmoCrmImportAsync(started.Id)).Result;
        done.Status.Should().Be(AmoCrmImportStatus.Succeeded);
        done.FinishedAt.Should().NotBeNull();
        var leads = done.Checkpoints.Single(c => c.Entity == AmoCrmImportStage.Leads);
        leads.Read.Should().Be(20);
        leads.Created.Should().Be(preview.Leads.Create);
        var letters = (await Api.ListAmoCrmDeadLettersAsync(started.Id, resolved: false)).Result;
        letters.Items.Should().BeEmpty();
        letters.NextCursor.Should().BeNull();
        await Expect.ProblemAsync(() => Api.GetAmoCrmImportAsync(Guid.NewGuid()), 404, "not_found");
        await Expect.ProblemAsync(
            () => Api.RetryAmoCrmDeadLetterAsync(Guid.NewGuid(), Guid.NewGuid().ToString()),
            404,
            "not_found"
        );
    }

    [Fact]
    public async Task Head_office_starts_the_sync_reads_pauses_and_resumes_it_and_amoCRM_delivers_a_webhook()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 5 }).StartAsync();
        var connect = new ConnectAmoCrmRequest { BaseUrl = amo.BaseAddress.ToString(), Token = amo.LongLivedToken };
        await Api.ConnectAmoCrmAsync(connect, Guid.NewGuid().ToString());
        var start = new StartAmoCrmSyncRequest { PublicBaseUrl = Server.BaseAddress.ToString() };
        await Expect.ProblemAsync(
            () => Api.StartAmoCrmSyncAsync(start, Guid.NewGuid().ToString()),
            409,
            "amocrm_mapping_missing"
        );
        await Api.ReplaceAmoCrmMappingAsync(MainPipelineMapping(amo), "\"0\"");
        await Expect.ProblemAsync(() => Api.GetAmoCrmSyncAsync(), 404, "not_found");

        var started = await Api.StartAmoCrmSyncAsync(start, Guid.NewGuid().ToString());
        started.StatusCode.Should().Be(201);
        started.Result.AccountId.Should().Be(AmoSeed.AccountId);
        started.Result.State.Should().Be(AmoCrmSyncState.Running);
        (started.Result.OutboxPending, started.Result.OutboxFailed).Should().Be((0, 0));
        started.Result.PolledThrough.Should().BeNull("the catch-up poll has not run yet");
        started.Result.LastReconciliation.Should().BeNull("the first comparison is a day after the start");
        started
            .Result.Directions.Select(d => $"{d.Entity}.{d.Field}:{d.Direction}")
            .Should()
            .Equal(
                "Leads.status:Amocrm",
                "Leads.responsibleUserId:Amocrm",
                "Leads.requestedAmount:Mak",
                "Contacts.fullName:Newest",
                "Contacts.phone:Newest",
                "Contacts.email:Newest"
            );
        await Expect.ProblemAsync(
            () => Api.StartAmoCrmSyncAsync(start, Guid.NewGuid().ToString()),
            409,
            "amocrm_sync_running"
        );

        // amoCRM delivers to the address MaK registered, without a token.
        var destination = amo.Webhooks.Destinations.Should().ContainSingle().Subject;
        var secret = new Uri(destination).Segments[^1];
        var form = new Dictionary<string, string>
        {
            ["leads[update][0][id]"] = "1",
            ["account[id]"] = AmoSeed.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var amoCrm = Anonymous();
        (await amoCrm.ReceiveAmoCrmWebhookAsync(secret, form)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => amoCrm.ReceiveAmoCrmWebhookAsync("not-the-secret", form), 404, "not_found");

        var paused = (await Api.PauseAmoCrmSyncAsync()).Result;
        paused.State.Should().Be(AmoCrmSyncState.Paused);
        (paused.InboxPending, paused.InboxFailed).Should().Be((1, 0));
        var resumed = (await Api.ResumeAmoCrmSyncAsync()).Result;
        resumed.State.Should().Be(AmoCrmSyncState.Running);
        (await Api.GetAmoCrmSyncAsync()).Result.State.Should().Be(AmoCrmSyncState.Running);

        var conflicts = (await Api.ListAmoCrmConflictsAsync(limit: 10)).Result;
        conflicts.Items.Should().BeEmpty();
        conflicts.NextCursor.Should().BeNull();
        await Expect.ProblemAsync(() => Api.ListAmoCrmConflictsAsync(cursor: "nonsense"), 400, "invalid_cursor");

        var since = started.Result.StartedAt.AddHours(-1);
        var replayed = await Api.ReplayAmoCrmSyncAsync(
            new ReplayAmoCrmSyncRequest { Since = since },
            Guid.NewGuid().ToString()
        );
        replayed.StatusCode.Should().Be(202);
        replayed.Result.PolledThrough.Should().BeCloseTo(since, TimeSpan.FromMilliseconds(1));

        var chosen = await Api.ReplaceAmoCrmSyncDirectionsAsync(
            new ReplaceAmoCrmSyncDirectionsRequest
            {
                Directions =
                [
                    new AmoCrmFieldDirection
                    {
                        Entity = AmoCrmEntity.Leads,
                        Field = "requestedAmount",
                        Direction = AmoCrmSyncDirection.Newest,
                    },
                    new AmoCrmFieldDirection
                    {
                        Entity = AmoCrmEntity.Contacts,
                        Field = "email",
                        Direction = AmoCrmSyncDirection.Mak,
                    },
                ],
            }
        );
        chosen
            .Result.Directions.Select(d => (d.Field, d.Direction))
            .Should()
            .Contain(("requestedAmount", AmoCrmSyncDirection.Newest))
            .And.Contain(("email", AmoCrmSyncDirection.Mak));
        await Expect.ProblemAsync(
            () =>
                Api.ReplaceAmoCrmSyncDirectionsAsync(
                    new ReplaceAmoCrmSyncDirectionsRequest
                    {
                        Directions =
                        [
                            new AmoCrmFieldDirection
                            {
                                Entity = AmoCrmEntity.Leads,
                                Field = "product",
                                Direction = AmoCrmSyncDirection.Mak,
                            },
                        ],
                    }
                ),
            400,
            "validation_failed"
        );

        var failures = (await Api.ListAmoCrmSyncFailuresAsync(AmoCrmSyncFailureKind.Delivery, limit: 10)).Result;
        failures.Items.Should().BeEmpty();
        failures.NextCursor.Should().BeNull();
        await Expect.ProblemAsync(
            () => Api.RetryAmoCrmSyncFailureAsync(Guid.CreateVersion7(), Guid.NewGuid().ToString()),
            404,
            "not_found"
        );
    }

    /// <summary>Every status of the main pipeline to the lead status <c>new</c> and the contacts' phone.</summary>
    private static ReplaceAmoCrmMappingRequest MainPipelineMapping(FakeAmoCrm amo)
    {
        var main = amo.Account.Pipelines[0];
        return new ReplaceAmoCrmMappingRequest
        {
            Statuses =
            [
                .. main.Statuses.Select(s => new AmoCrmStatusMapping
                {
                    AmoPipelineId = main.Id,
                    AmoStatusId = s.Id,
                    LeadStatus = "new",
                    StageId = null,
                }),
            ],
            Users = [],
            Fields =
            [
                new AmoCrmFieldMapping
                {
                    AmoFieldId = AmoSeed.ContactPhoneFieldId,
                    Entity = AmoCrmEntity.Contacts,
                    Target = AmoCrmFieldTarget.Phone,
                    CustomFieldId = null,
                },
            ],
        };
    }
}
