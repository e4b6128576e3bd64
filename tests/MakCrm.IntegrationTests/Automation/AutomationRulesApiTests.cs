using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Automation;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Automation;

/// <summary>A server whose automation worker is off: the tests run the rules on the feed themselves.</summary>
public sealed class ManualAutomationFixture()
    : ApiServerFixture(new Dictionary<string, string> { ["Mak:Automation:Enabled"] = "false" });

/// <summary>Automation rules over HTTP and the real database: their management, and their runs on the event
/// feed.</summary>
public sealed class AutomationRulesApiTests(ManualAutomationFixture server)
    : ApiTest(server),
        IClassFixture<ManualAutomationFixture>
{
    private const string Path = "/api/v1/automation-rules";

    private async Task<JsonObject> Create(object body, HttpClient? as_ = null) =>
        await ExpectJson(await (as_ ?? Http).PostAsync(Path, Body(body)), HttpStatusCode.Created);

    private static object TaskRule(string name, int position = 10, object? condition = null) =>
        new
        {
            name,
            position,
            trigger = new { type = "lead_created" },
            condition,
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
        };

    private Task<int> RunOnceAsync() =>
        Server.WithServicesAsync(services =>
            services.GetRequiredService<AutomationFeed>().RunBatchAsync(CancellationToken.None)
        );

    /// <summary>Waits until every event raised so far is numbered, then runs the rules until the feed is
    /// read.</summary>
    private async Task DrainAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await CountAsync("SELECT count(*) FROM events WHERE sequence IS NULL") > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        while (await RunOnceAsync() > 0) { }
    }

    /// <summary>Drains the feed until the rules' own events are run too (each level is numbered after its
    /// run).</summary>
    private async Task DrainDeepAsync()
    {
        for (var level = 0; level < 6; level++)
        {
            await DrainAsync();
        }
    }

    private async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<List<JsonObject>> Runs(string query = "", HttpClient? as_ = null) =>
        (
            await ExpectJson(
                await (as_ ?? Http).GetAsync($"/api/v1/automation-runs?limit=100{query}"),
                HttpStatusCode.OK
            )
        )["items"]!
            .AsArray()
            .Select(r => r!.AsObject())
            .ToList();

    private async Task<string> LeadAsync(HttpClient http, string city = "Москва", string? status = null)
    {
        var client = await ExpectJson(
            await http.PostAsync(
                "/api/v1/clients",
                Body(
                    new
                    {
                        fullName = "Петров Пётр",
                        phone = UniquePhone(),
                        city,
                        source = "partner",
                    }
                )
            ),
            HttpStatusCode.Created
        );
        var body = new Dictionary<string, object>
        {
            ["clientId"] = Id(client),
            ["requestedAmount"] = 1_000_000m,
            ["product"] = "mortgage",
        };
        if (status is not null)
        {
            body["status"] = status;
        }

        return Id(await ExpectJson(await http.PostAsync("/api/v1/leads", Body(body)), HttpStatusCode.Created));
    }

    [Fact]
    public async Task A_rule_is_read_back_disabled_under_If_Match_and_deleted()
    {
        var response = await Post(
            Path,
            TaskRule(
                "  Звонок  ",
                5,
                new
                {
                    field = "clientCity",
                    @operator = "eq",
                    values = new[] { "Москва" },
                }
            )
        );
        var created = await ExpectJson(response, HttpStatusCode.Created);
        var id = Id(created);
        created["name"]!.GetValue<string>().Should().Be("Звонок");
        created["network"]!.GetValue<bool>().Should().BeTrue();
        created["enabled"]!.GetValue<bool>().Should().BeTrue();
        created["condition"]!["field"]!.GetValue<string>().Should().Be("clientCity");
        created["actions"]![0]!["dueInHours"]!.GetValue<int>().Should().Be(2);
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");

        var patched = await Patch($"{Path}/{id}", new { enabled = false, condition = (object?)null }, "\"1\"");
        var disabled = await ExpectJson(patched, HttpStatusCode.OK);
        disabled["enabled"]!.GetValue<bool>().Should().BeFalse();
        disabled["condition"].Should().BeNull();
        ETagOf(patched).Should().Be("\"2\"");
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { name = "x" }, "\"1\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        (await ExpectJson(await Http.GetAsync($"{Path}?enabled=false&trigger=lead_created"), HttpStatusCode.OK))[
            "items"
        ]!
            .AsArray()
            .Should()
            .ContainSingle();

        (await Send(HttpMethod.Delete, $"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Triggers_conditions_and_actions_that_do_not_hold_together_are_refused_by_the_part_at_fault()
    {
        var problem = await ExpectProblem(
            await Post(
                Path,
                new
                {
                    name = "Плохое",
                    trigger = new { type = "task_overdue", status = "new" },
                    condition = new
                    {
                        field = "noSuchField",
                        @operator = "eq",
                        values = new[] { "x" },
                    },
                    actions = new object[]
                    {
                        new { type = "create_task" },
                        new { type = "set_status", status = "no_such_status" },
                        new
                        {
                            type = "notify",
                            message = "Привет",
                            assignee = "user",
                        },
                        new { type = "call_webhook", webhookId = Guid.NewGuid() },
                    },
                }
            ),
            HttpStatusCode.BadRequest,
            "automation_rule_invalid"
        );
        foreach (
            var field in new[]
            {
                "trigger.status",
                "condition.field",
                "actions[0].title",
                "actions[1].type",
                "actions[1].status",
                "actions[2].userId",
                "actions[3].webhookId",
            }
        )
        {
            FieldErrors(problem, field).Should().NotBeEmpty(field);
        }

        await ExpectProblem(
            await Post(
                Path,
                new
                {
                    name = "Без действий",
                    trigger = new { type = "lead_created" },
                    actions = Array.Empty<object>(),
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        (await CountAsync("SELECT count(*) FROM automation_rules")).Should().Be(0);
    }

    private async Task UploadAsync(string kind, string subjectType, string subjectId)
    {
        using var form = Documents.DocumentForms.Upload(
            Documents.DocumentForms.Pdf,
            "Паспорт.pdf",
            kind,
            "application/pdf"
        );
        form.Add(new StringContent(subjectType), "subjectType");
        form.Add(new StringContent(subjectId), "subjectId");
        await ExpectJson(await Http.PostAsync("/api/v1/documents", form), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_document_uploaded_to_a_lead_runs_the_rules_of_its_kind_on_the_lead_and_is_in_the_feed()
    {
        await DrainAsync();
        var rule = await Create(
            new
            {
                name = "Скан паспорта получен",
                position = 10,
                trigger = new { type = "document_uploaded", documentKind = "scan" },
                actions = new[]
                {
                    new
                    {
                        type = "create_task",
                        title = "Проверить скан",
                        dueInHours = 4,
                        assignee = "round_robin",
                    },
                },
            }
        );
        rule["trigger"]!["documentKind"]!.GetValue<string>().Should().Be("scan");
        var lead = await LeadAsync(Http);
        var other = await LeadAsync(Http);
        var client = (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}"), HttpStatusCode.OK))[
            "clientId"
        ]!.GetValue<string>();

        await UploadAsync("scan", "lead", lead);
        await UploadAsync("contract", "lead", other); // another kind: the rule does not run
        await UploadAsync("scan", "client", client); // not filed on a lead: no occurrence
        await DrainAsync();

        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(lead))).Should().Be(1);
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(other))).Should().Be(0);
        var runs = await Runs($"&ruleId={Id(rule)}");
        runs.Should().ContainSingle();
        runs[0]["eventType"]!.GetValue<string>().Should().Be("document.uploaded");
        runs[0]["subjectType"]!.GetValue<string>().Should().Be("lead");
        runs[0]["subjectId"]!.GetValue<string>().Should().Be(lead);

        var uploaded = await Events.EventFeedReading.ReadAll(Http, "types=document.uploaded");
        uploaded
            .Select(e => e["data"]!["subjectId"]!.GetValue<string>())
            .Should()
            .Contain(new[] { lead, other, client });
        uploaded.Should().OnlyContain(e => e["resourceType"]!.GetValue<string>() == "document");
    }

    [Fact]
    public async Task A_lead_quiet_for_the_rules_hours_runs_it_once_per_quiet_spell()
    {
        await DrainAsync();
        var invalid = new object[]
        {
            new { type = "lead_inactive" },
            new { type = "lead_inactive", hours = 0 },
            new { type = "lead_created", hours = 4 },
        };
        foreach (var trigger in invalid)
        {
            var refused = await ExpectProblem(
                await Http.PostAsync(
                    Path,
                    Body(
                        new
                        {
                            name = "x",
                            trigger,
                            actions = new[] { new { type = "notify", message = "x" } },
                        }
                    )
                ),
                HttpStatusCode.BadRequest,
                "automation_rule_invalid"
            );
            FieldErrors(refused, "trigger.hours").Should().NotBeEmpty();
        }

        var noEvent = await ExpectProblem(
            await Http.PostAsync(
                Path,
                Body(
                    new
                    {
                        name = "x",
                        trigger = new { type = "lead_inactive", hours = 4 },
                        actions = new[] { new { type = "call_webhook", webhookId = Guid.NewGuid() } },
                    }
                )
            ),
            HttpStatusCode.BadRequest,
            "automation_rule_invalid"
        );
        FieldErrors(noEvent, "actions[0].type").Should().NotBeEmpty();

        var rule = await Create(
            new
            {
                name = "Лид без движения",
                position = 10,
                trigger = new { type = "lead_inactive", hours = 4 },
                actions = new[]
                {
                    new
                    {
                        type = "create_task",
                        title = "Оживить лид",
                        dueInHours = 1,
                        assignee = "round_robin",
                    },
                },
            }
        );
        rule["trigger"]!["hours"]!.GetValue<int>().Should().Be(4);
        var (quiet, recent, long_ago) = (await LeadAsync(Http), await LeadAsync(Http), await LeadAsync(Http));

        // As if the rule had been made two hours ago, and the leads had last changed 5, 3 and 10 hours ago: only the
        // first has been quiet for 4 hours in a spell that ended after the rule was made.
        await Execute(
            "UPDATE automation_rules SET created_at = now() - interval '2 hours' WHERE id = $1",
            Guid.Parse(Id(rule))
        );
        async Task QuietSince(string lead, int hours) =>
            await Execute(
                "UPDATE leads SET updated_at = now() - make_interval(hours => $2) WHERE id = $1",
                Guid.Parse(lead),
                hours
            );
        await QuietSince(quiet, 5);
        await QuietSince(recent, 3);
        await QuietSince(long_ago, 10);

        async Task<long> Tasks(string lead) =>
            await CountAsync(
                "SELECT count(*) FROM tasks WHERE subject_id = $1 AND title = 'Оживить лид'",
                Guid.Parse(lead)
            );
        await RunOnceAsync();
        await RunOnceAsync();
        (await Tasks(quiet)).Should().Be(1, "once per quiet spell, however often the rules run");
        (await Tasks(recent)).Should().Be(0);
        (await Tasks(long_ago)).Should().Be(0);
        var runs = await Runs($"&ruleId={Id(rule)}");
        runs.Should().ContainSingle();
        runs[0]["eventType"]!.GetValue<string>().Should().Be("lead_inactive");
        runs[0]["eventId"].Should().BeNull("a time trigger has no event");
        runs[0]["subjectId"]!.GetValue<string>().Should().Be(quiet);

        // A change starts a new spell: once it too has lasted the hours, the rule runs again.
        var version = (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{quiet}"), HttpStatusCode.OK))["version"]!;
        await ExpectJson(
            await Send(
                HttpMethod.Patch,
                $"/api/v1/leads/{quiet}",
                "{\"comment\":\"Перезвонил\"}",
                "application/merge-patch+json",
                $"\"{version}\""
            ),
            HttpStatusCode.OK
        );
        await DrainAsync();
        (await Tasks(quiet)).Should().Be(1, "the lead has just changed");
        await QuietSince(quiet, 4);
        await RunOnceAsync(); // a round with no new event: the sweep's mark must still be kept
        (await Tasks(quiet)).Should().Be(2);
        (
            await CountAsync(
                "SELECT count(*) FROM automation_sweeps WHERE rule_id = $1 AND swept_id = $2",
                Guid.Parse(Id(rule)),
                Guid.Parse(quiet)
            )
        )
            .Should()
            .Be(1, "the mark stops at the last lead looked at");

        // Three hours pass (every time the sweep reads moves back by them): the lead that was quiet for 3 hours has now
        // been quiet for 6 and is run; the others are not run again.
        var shifted = new[] { Guid.Parse(quiet), Guid.Parse(recent), Guid.Parse(long_ago) };
        await Execute("UPDATE leads SET updated_at = updated_at - interval '3 hours' WHERE id = ANY($1)", shifted);
        await Execute(
            "UPDATE automation_sweeps SET swept_at = swept_at - interval '3 hours' WHERE rule_id = $1",
            Guid.Parse(Id(rule))
        );
        await Execute(
            "UPDATE automation_rules SET created_at = created_at - interval '3 hours' WHERE id = $1",
            Guid.Parse(Id(rule))
        );
        await RunOnceAsync();
        (await Tasks(recent)).Should().Be(1, "a lead that reaches its hours later is run then");
        (await Tasks(quiet)).Should().Be(2);
        (await Tasks(long_ago)).Should().Be(0);
    }

    [Fact]
    public async Task A_dry_run_says_what_a_rule_would_do_on_a_lead_and_keeps_nothing()
    {
        await DrainAsync();
        await ExpectJson(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "dry_far",
                    name = "Проба",
                    color = "#00897b",
                    kind = "open",
                }
            ),
            HttpStatusCode.Created
        );
        var subscription = Guid.Parse(
            Id(
                (
                    await ExpectJson(
                        await Post(
                            "/api/v1/webhooks",
                            new { url = "http://127.0.0.1:9/hooks", eventTypes = new[] { "deal.won" } }
                        ),
                        HttpStatusCode.Created
                    )
                )["subscription"]!.AsObject()
            )
        );
        var rule = await Create(
            new
            {
                name = "Проба",
                position = 60,
                enabled = false,
                trigger = new { type = "lead_created" },
                condition = new
                {
                    field = "clientCity",
                    @operator = "eq",
                    values = new[] { "Казань" },
                },
                actions = new object[]
                {
                    new
                    {
                        type = "create_task",
                        title = "Пробная задача",
                        dueInHours = 1,
                        assignee = "round_robin",
                    },
                    new { type = "call_webhook", webhookId = subscription },
                },
            }
        );
        var kazan = await LeadAsync(Http, city: "Казань");
        var moscow = await LeadAsync(Http, city: "Москва");
        async Task<JsonObject> DryRun(string ruleId, string subject) =>
            await ExpectJson(await Post($"{Path}/{ruleId}/dry-run", new { subjectId = subject }), HttpStatusCode.OK);

        var tried = await DryRun(Id(rule), kazan);
        tried["outcome"]!.GetValue<string>().Should().Be("succeeded");
        tried["actionsRun"]!.GetValue<int>().Should().Be(2);
        tried["error"].Should().BeNull();
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(kazan))).Should().Be(0);
        (await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE subscription_id = $1", subscription))
            .Should()
            .Be(0);
        (await Runs($"&ruleId={Id(rule)}")).Should().BeEmpty("a dry run is not a run");
        (await DryRun(Id(rule), moscow))["outcome"]!.GetValue<string>().Should().Be("skipped");

        // An action that would fail says so, and what the actions before it did is rolled back as well.
        var failing = await Create(
            new
            {
                name = "Проба с ошибкой",
                position = 61,
                enabled = false,
                trigger = new { type = "lead_created" },
                actions = new object[]
                {
                    new
                    {
                        type = "create_task",
                        title = "Отменится",
                        dueInHours = 1,
                        assignee = "round_robin",
                    },
                    new { type = "set_status", status = "dry_far" },
                },
            }
        );
        var failed = await DryRun(Id(failing), kazan);
        failed["outcome"]!.GetValue<string>().Should().Be("failed");
        failed["actionsRun"]!.GetValue<int>().Should().Be(1);
        failed["error"]!
            .GetValue<string>()
            .Should()
            .Contain("actions[1]")
            .And.Contain("lead_status_transition_not_allowed");
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(kazan))).Should().Be(0);

        // What cannot be tried: an unknown rule or subject, a subject of another kind, another organization's lead.
        await ExpectProblem(
            await Post($"{Path}/{Guid.NewGuid()}/dry-run", new { subjectId = kazan }),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Post($"{Path}/{Id(rule)}/dry-run", new { subjectId = Guid.NewGuid() }),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Post($"{Path}/{Id(rule)}/dry-run", new { }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var overdue = await Create(
            new
            {
                name = "Просрочка",
                position = 62,
                enabled = false,
                trigger = new { type = "task_overdue" },
                actions = new[] { new { type = "notify", message = "Просрочена задача" } },
            }
        );
        var refused = await ExpectProblem(
            await Post($"{Path}/{Id(overdue)}/dry-run", new { subjectId = kazan }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(refused, "subjectId").Should().NotBeEmpty();
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var betas = await Create(TaskRule("Бета", 63), beta);
        await ExpectProblem(
            await beta.PostAsync($"{Path}/{Id(betas)}/dry-run", Body(new { subjectId = kazan })),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await beta.PostAsync($"{Path}/{Id(rule)}/dry-run", Body(new { subjectId = kazan })),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task A_round_robin_gives_each_run_to_the_next_user_in_turn_and_a_dry_run_takes_no_turn()
    {
        await DrainAsync();
        var rule = await Create(TaskRule("По очереди"));
        var leads = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            leads.Add(await LeadAsync(Http));
            await DrainAsync();
        }

        var assignees = new List<Guid>();
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var lead in leads)
            {
                await using var command = new NpgsqlCommand(
                    "SELECT assignee_user_id FROM tasks WHERE subject_id = $1",
                    connection
                );
                command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(lead) });
                assignees.Add((Guid)(await command.ExecuteScalarAsync())!);
            }
        }

        // Head office has more than one user to give tasks to: each lead's task goes to the next, then round again.
        var turn = assignees.Distinct().Count();
        turn.Should().BeGreaterThan(1);
        assignees.Select((user, i) => user == assignees[i % turn]).Should().OnlyContain(same => same);

        var dry = await ExpectJson(
            await Post($"{Path}/{Id(rule)}/dry-run", new { subjectId = leads[0] }),
            HttpStatusCode.OK
        );
        dry["outcome"]!.GetValue<string>().Should().Be("succeeded");
        (await CountAsync("SELECT round_robin_turns FROM automation_rules WHERE id = $1", Guid.Parse(Id(rule))))
            .Should()
            .Be(6, "a dry run rolls its turn back with everything else");
    }

    [Fact]
    public async Task A_rounds_runs_go_side_by_side_across_leads_each_leads_in_its_rules_order_each_once()
    {
        await DrainAsync();
        var first = await Create(TaskRule("Первым", 10));
        var second = await Create(TaskRule("Вторым", 20));
        var leads = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            leads.Add(await LeadAsync(Http));
        }

        await DrainAsync();

        foreach (var lead in leads)
        {
            var runs = (await Runs($"&subjectId={lead}")).OrderBy(r => r["ranAt"]!.GetValue<DateTimeOffset>()).ToList();
            runs.Select(r => r["ruleId"]!.GetValue<string>()).Should().Equal(Id(first), Id(second));
            runs.Should().OnlyContain(r => r["outcome"]!.GetValue<string>() == "succeeded");
            (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(lead))).Should().Be(2);
        }

        // The turns are taken one at a time whichever run comes first: 12 each, every user given as many tasks
        // as the next, give or take one.
        foreach (var rule in new[] { first, second })
        {
            (await CountAsync("SELECT round_robin_turns FROM automation_rules WHERE id = $1", Guid.Parse(Id(rule))))
                .Should()
                .Be(12);
        }

        var perUser = new List<long>();
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM tasks WHERE subject_id = ANY($1) GROUP BY assignee_user_id",
                connection
            );
            command.Parameters.Add(new NpgsqlParameter { Value = leads.Select(Guid.Parse).ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                perUser.Add(reader.GetInt64(0));
            }
        }

        perUser.Sum().Should().Be(24);
        (perUser.Max() - perUser.Min()).Should().BeLessThanOrEqualTo(2, "each rule's turns go round the same users");
    }

    [Fact]
    public async Task A_notice_to_the_responsible_of_a_lead_without_one_fails_saying_why()
    {
        await DrainAsync();
        var rule = await Create(
            new
            {
                name = "Ответственному",
                trigger = new { type = "lead_created" },
                actions = new[] { new { type = "notify", message = "Новый лид" } },
            }
        );
        var lead = await LeadAsync(Http);
        await DrainAsync();

        var run = (await Runs($"&subjectId={lead}")).Single();
        run["ruleId"]!.GetValue<string>().Should().Be(Id(rule));
        run["outcome"]!.GetValue<string>().Should().Be("failed");
        run["error"]!
            .GetValue<string>()
            .Should()
            .Be("actions[0] (notify): validation_failed: assignee: The lead has no responsible user.");
    }

    [Fact]
    public async Task A_rule_runs_once_per_event_and_a_replayed_feed_does_nothing()
    {
        await DrainAsync();
        var rule = await Create(TaskRule("Звонок"));
        var lead = await LeadAsync(Http);
        await DrainAsync();

        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(lead))).Should().Be(1);
        var runs = await Runs($"&ruleId={Id(rule)}");
        runs.Should().ContainSingle();
        runs[0]["outcome"]!.GetValue<string>().Should().Be("succeeded");
        runs[0]["subjectId"]!.GetValue<string>().Should().Be(lead);
        runs[0]["eventType"]!.GetValue<string>().Should().Be("lead.created");
        runs[0]["actionsRun"]!.GetValue<int>().Should().Be(1);

        // The feed read again from its start: the (rule, event) run is there, so nothing runs twice.
        await Execute("UPDATE automation_cursor SET last_sequence = 0");
        await DrainAsync();
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(lead))).Should().Be(1);
        (await Runs($"&ruleId={Id(rule)}")).Should().ContainSingle();
    }

    [Fact]
    public async Task A_condition_that_does_not_hold_is_a_skipped_run_and_a_disabled_rule_does_not_run()
    {
        await DrainAsync();
        var kazan = await Create(
            TaskRule(
                "Казань",
                10,
                new
                {
                    field = "clientCity",
                    @operator = "eq",
                    values = new[] { "Казань" },
                }
            )
        );
        var off = await Create(TaskRule("Выключено", 20));
        await Patch($"{Path}/{Id(off)}", new { enabled = false }, "\"1\"");
        var lead = await LeadAsync(Http, city: "Москва");
        await DrainAsync();

        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(lead))).Should().Be(0);
        (await Runs($"&ruleId={Id(kazan)}")).Single()["outcome"]!.GetValue<string>().Should().Be("skipped");
        (await Runs($"&ruleId={Id(off)}")).Should().BeEmpty();

        var inKazan = await LeadAsync(Http, city: "Казань");
        await DrainAsync();
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(inKazan))).Should().Be(1);
    }

    [Fact]
    public async Task A_failing_action_records_its_error_undoes_the_rules_earlier_actions_and_the_next_rule_still_runs()
    {
        await DrainAsync();
        await ExpectJson(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "far",
                    name = "Далеко",
                    color = "#00897b",
                    kind = "open",
                }
            ),
            HttpStatusCode.Created
        );
        var partner = await Server.UserIdAsync(TestActor.PartnerAlpha);
        var failing = await Create(
            new
            {
                name = "Падает",
                position = 1,
                trigger = new { type = "lead_created" },
                actions = new object[]
                {
                    new
                    {
                        type = "create_task",
                        title = "Будет отменена",
                        assignee = "user",
                        userId = partner,
                    },
                    new { type = "set_status", status = "far" },
                },
            }
        );
        var next = await Create(
            new
            {
                name = "Следующее",
                position = 2,
                trigger = new { type = "lead_created" },
                actions = new object[]
                {
                    new
                    {
                        type = "notify",
                        message = "Новый лид",
                        assignee = "user",
                        userId = partner,
                    },
                },
            }
        );
        var lead = await LeadAsync(Http);
        await DrainAsync();

        var failed = (await Runs($"&ruleId={Id(failing)}")).Single();
        failed["outcome"]!.GetValue<string>().Should().Be("failed");
        failed["error"]!
            .GetValue<string>()
            .Should()
            .Contain("actions[1]")
            .And.Contain("lead_status_transition_not_allowed");
        failed["actionsRun"]!.GetValue<int>().Should().Be(1);
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(lead))).Should().Be(0);
        (await Runs("&outcome=failed")).Should().ContainSingle();

        (await Runs($"&ruleId={Id(next)}")).Single()["outcome"]!.GetValue<string>().Should().Be("succeeded");
        (
            await CountAsync(
                "SELECT count(*) FROM notifications WHERE recipient_user_id = $1 AND title = 'Новый лид'",
                partner
            )
        )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task A_webhook_call_queues_the_event_for_the_subscription_through_the_webhook_delivery()
    {
        await DrainAsync();
        var subscription = (
            await ExpectJson(
                await Post(
                    "/api/v1/webhooks",
                    new { url = "http://127.0.0.1:9/hooks", eventTypes = new[] { "deal.won" } }
                ),
                HttpStatusCode.Created
            )
        )["subscription"]!.AsObject();
        await Create(
            new
            {
                name = "В нашу систему",
                trigger = new { type = "lead_created" },
                actions = new[] { new { type = "call_webhook", webhookId = Id(subscription) } },
            }
        );
        await LeadAsync(Http);
        await DrainAsync();

        (
            await CountAsync(
                "SELECT count(*) FROM webhook_deliveries WHERE subscription_id = $1 AND event_type = 'lead.created'",
                Guid.Parse(Id(subscription))
            )
        )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task Rules_that_trigger_each_other_are_stopped_by_the_loop_guard()
    {
        await DrainAsync();
        var ping = await Post(
            "/api/v1/lead-statuses",
            new
            {
                code = "ping",
                name = "ping",
                color = "#00897b",
                kind = "open",
                initial = true,
            }
        );
        await ExpectJson(ping, HttpStatusCode.Created);
        await ExpectJson(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "pong",
                    name = "pong",
                    color = "#00897b",
                    kind = "open",
                    transitions = new[] { "ping" },
                }
            ),
            HttpStatusCode.Created
        );
        await ExpectJson(
            await Patch("/api/v1/lead-statuses/ping", new { transitions = new[] { "pong" } }, ETagOf(ping)),
            HttpStatusCode.OK
        );

        object Bounce(string from, string to) =>
            new
            {
                name = $"{from} → {to}",
                trigger = new { type = "lead_status_changed", status = from },
                actions = new[] { new { type = "set_status", status = to } },
            };
        var toPing = await Create(Bounce("pong", "ping"));
        var toPong = await Create(Bounce("ping", "pong"));
        var lead = await LeadAsync(Http, status: "ping");
        var read = await Http.GetAsync($"/api/v1/leads/{lead}");
        await ExpectJson(
            await Patch($"/api/v1/leads/{lead}", new { status = "pong" }, ETagOf(read)),
            HttpStatusCode.OK
        );
        await DrainDeepAsync();

        // pong (a person's change, depth 0) → ping (1) → pong (2) → ping (3): the third level is not acted on.
        var runs = await Runs($"&subjectId={lead}");
        runs.Select(r => r["depth"]!.GetValue<int>()).Order().Should().Equal(0, 1, 2, 3);
        runs.Single(r => r["depth"]!.GetValue<int>() == 3)["outcome"]!.GetValue<string>().Should().Be("loop_stopped");
        runs.Where(r => r["depth"]!.GetValue<int>() < 3)
            .Should()
            .OnlyContain(r => r["outcome"]!.GetValue<string>() == "succeeded");
        runs.Where(r => r["ruleId"]!.GetValue<string>() == Id(toPing)).Should().HaveCount(2);
        runs.Where(r => r["ruleId"]!.GetValue<string>() == Id(toPong)).Should().HaveCount(2);
    }

    [Fact]
    public async Task An_owner_manages_its_organizations_rules_and_sees_neither_another_organizations_nor_its_runs()
    {
        await DrainAsync();
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var network = await Create(TaskRule("Сеть", 1));
        var own = await Create(TaskRule("Альфа", 2), alpha);
        own["network"]!.GetValue<bool>().Should().BeFalse();
        own["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());

        var seen = await ExpectJson(await alpha.GetAsync(Path), HttpStatusCode.OK);
        seen["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Should().Equal("Сеть", "Альфа");
        await ExpectProblem(await beta.GetAsync($"{Path}/{Id(own)}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await beta.GetAsync(Path), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(i => i!["name"]!.GetValue<string>())
            .Should()
            .Equal("Сеть");
        var betaPatch = await beta.SendAsync(
            new HttpRequestMessage(HttpMethod.Patch, $"{Path}/{Id(own)}")
            {
                Content = Body(new { enabled = false }),
                Headers = { { "If-Match", "\"1\"" } },
            }
        );
        await ExpectProblem(betaPatch, HttpStatusCode.NotFound, "not_found");
        var alphaPatchesNetwork = await alpha.SendAsync(
            new HttpRequestMessage(HttpMethod.Patch, $"{Path}/{Id(network)}")
            {
                Content = Body(new { enabled = false }),
                Headers = { { "If-Match", "\"1\"" } },
            }
        );
        await ExpectProblem(alphaPatchesNetwork, HttpStatusCode.NotFound, "not_found");

        // Alpha's lead runs the network's rule and Alpha's own; Beta's runs only the network's.
        var alphaLead = await LeadAsync(alpha);
        var betaLead = await LeadAsync(beta);
        await DrainAsync();
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(alphaLead))).Should().Be(2);
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(betaLead))).Should().Be(1);
        (await Runs("", alpha))
            .Select(r => r["subjectId"]!.GetValue<string>())
            .Should()
            .OnlyContain(s => s == alphaLead);
        (await Runs("", beta)).Select(r => r["subjectId"]!.GetValue<string>()).Should().Equal(betaLead);
        (await Runs()).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_condition_names_custom_fields_the_author_sees_and_holds_in_the_organization_it_runs_in()
    {
        await DrainAsync();
        await Define("lead", "score", "number");
        await Define("lead", "secret", "number", new { visibleToKinds = new[] { "head_office" } });
        var scored = await Create(
            TaskRule(
                "Высокий балл",
                1,
                new
                {
                    field = "cf.score",
                    @operator = "gt",
                    values = new[] { "10" },
                }
            )
        );
        scored["condition"]!["field"]!.GetValue<string>().Should().Be("cf.score");

        // A partner's owner writes a rule of its own: a field hidden from it is unknown there, as in its reports.
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var hidden = await ExpectProblem(
            await alpha.PostAsync(
                Path,
                Body(TaskRule("Скрытое", 2, new { field = "cf.secret", @operator = "is_not_empty" }))
            ),
            HttpStatusCode.BadRequest,
            "automation_rule_invalid"
        );
        FieldErrors(hidden, "condition.field").Should().NotBeEmpty();
        var unknown = await ExpectProblem(
            await Post(Path, TaskRule("Нет поля", 3, new { field = "cf.nothing", @operator = "is_empty" })),
            HttpStatusCode.BadRequest,
            "automation_rule_invalid"
        );
        FieldErrors(unknown, "condition.field").Should().NotBeEmpty();

        // Head office's rule runs on the partner's leads by the lead's value.
        async Task<string> ScoredLead(int score)
        {
            var client = await ExpectJson(
                await alpha.PostAsync(
                    "/api/v1/clients",
                    Body(
                        new
                        {
                            fullName = "Баллов Борис",
                            phone = UniquePhone(),
                            source = "partner",
                        }
                    )
                ),
                HttpStatusCode.Created
            );
            var lead = new
            {
                clientId = Id(client),
                requestedAmount = 1_000_000m,
                product = "mortgage",
                customFields = new { score },
            };
            return Id(await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(lead)), HttpStatusCode.Created));
        }

        var high = await ScoredLead(15);
        var low = await ScoredLead(5);
        await DrainAsync();
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(high))).Should().Be(1);
        (await CountAsync("SELECT count(*) FROM tasks WHERE subject_id = $1", Guid.Parse(low))).Should().Be(0);
        (await Runs($"&ruleId={Id(scored)}"))
            .ToDictionary(r => r["subjectId"]!.GetValue<string>(), r => r["outcome"]!.GetValue<string>())
            .Should()
            .Equal(new Dictionary<string, string> { [high] = "succeeded", [low] = "skipped" });
    }
}
