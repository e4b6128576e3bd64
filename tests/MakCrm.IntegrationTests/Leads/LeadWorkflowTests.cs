using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Leads;

/// <summary>Configurable lead statuses and their transitions, lead history, comments and the timeline.</summary>
public sealed class LeadWorkflowTests(ApiServerFixture server) : ApiTest(server)
{
    private static readonly string[] SeededOrder =
    [
        "new",
        "from_partner",
        "auction",
        "not_sold",
        "in_progress",
        "approved",
        "issued",
        "rejected",
        "returned",
    ];

    [Fact]
    public async Task The_migration_seeds_the_specifications_funnel_in_order()
    {
        var statuses = await Statuses();

        statuses.Select(s => s["code"]!.GetValue<string>()).Should().Equal(SeededOrder);
        statuses.Select(s => s["order"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, 9));
        var inProgress = statuses.Single(s => s["code"]!.GetValue<string>() == "in_progress");
        Text(inProgress)
            .Should()
            .Be(
                """{"code":"in_progress","name":"В работе","color":"#1E88E5","order":"""
                    + """5,"kind":"open","transitions":["approved","rejected","returned"],"initial":"""
                    + """true,"allowedRoles":[],"version":1}"""
            );
        statuses.Should().AllSatisfy(s => s["initial"]!.GetValue<bool>().Should().BeTrue());
        statuses
            .Where(s => s["allowedRoles"]!.AsArray().Count > 0)
            .Select(s => Text(s["allowedRoles"]!))
            .Should()
            .Equal("""["admin","employee"]""", """["admin","employee"]""");
        statuses.Single(s => s["code"]!.GetValue<string>() == "issued")["kind"]!.GetValue<string>().Should().Be("won");
    }

    [Fact]
    public async Task An_allowed_transition_moves_the_lead_and_a_refused_one_is_a_409_naming_the_statuses()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var url = $"/api/v1/leads/{Id(lead)}";

        var refused = await ExpectProblem(
            await Patch(url, new { status = "issued", requestedAmount = 5 }, "\"1\""),
            HttpStatusCode.Conflict,
            "lead_status_transition_not_allowed"
        );
        refused["currentStatus"]!.GetValue<string>().Should().Be("new");
        refused["requestedStatus"]!.GetValue<string>().Should().Be("issued");
        refused["allowedStatuses"]!
            .AsArray()
            .Select(s => s!.GetValue<string>())
            .Should()
            .Equal("in_progress", "auction", "rejected");
        var unchanged = await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK);
        (unchanged["status"]!.GetValue<string>(), unchanged["requestedAmount"]!.GetValue<decimal>())
            .Should()
            .Be(("new", 1_000_000m));

        var moved = await Patch(url, new { status = "in_progress" }, "\"1\"");
        (await ExpectJson(moved, HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("in_progress");
        (await ExpectJson(await Patch(url, new { status = "approved" }, ETagOf(moved)), HttpStatusCode.OK))["status"]!
            .GetValue<string>()
            .Should()
            .Be("approved");
        (
            await ExpectJson(
                await Patch(url, new { status = "approved", comment = "same status" }, "*"),
                HttpStatusCode.OK
            )
        )["comment"]!
            .GetValue<string>()
            .Should()
            .Be("same status");
    }

    [Fact]
    public async Task Unknown_status_codes_are_field_errors_everywhere()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));

        var onCreate = await ExpectProblem(
            await Post(
                "/api/v1/leads",
                new
                {
                    clientId = Id(client),
                    requestedAmount = 1000,
                    product = "auto",
                    status = "sold",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(onCreate, "status")
            .Should()
            .ContainSingle()
            .Which.Should()
            .StartWith("Is not a lead status: 'sold'.");
        var onPatch = await ExpectProblem(
            await Patch($"/api/v1/leads/{Id(lead)}", new { status = "sold" }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(onPatch, "status").Should().NotBeEmpty();
        var onList = await ExpectProblem(
            await Http.GetAsync("/api/v1/leads?status=new&status=sold"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(onList, "status").Should().NotBeEmpty();
        await ExpectProblem(
            await Send(
                HttpMethod.Patch,
                "/api/v1/lead-statuses/sold",
                """{"name":"x"}""",
                "application/merge-patch+json"
            ),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(await Http.DeleteAsync("/api/v1/lead-statuses/sold"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_status_filter_knows_a_status_created_a_moment_ago_on_another_instance()
    {
        await using var second = Server.StartSecondInstance();
        using var onSecond = second.CreateHttpClient(await Server.AccessTokenAsync(TestActor.Admin));
        var codes =
            second.Services.GetRequiredService<MakCrm.Infrastructure.Persistence.Repositories.LeadStatusCodes>();
        for (var tries = 0; codes.Remembered is null && tries < 200; tries++)
        {
            // The second instance listens for changes, then remembers the codes at its first filtered list.
            (await onSecond.GetAsync("/api/v1/leads?status=new"))
                .StatusCode.Should()
                .Be(HttpStatusCode.OK);
            await Task.Delay(25);
        }

        codes.Remembered.Should().NotBeNull().And.Contain("new").And.NotContain("documents");
        await ExpectJson(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "documents",
                    name = "Документы",
                    color = "#00897b",
                    kind = "open",
                }
            ),
            HttpStatusCode.Created
        );

        // At once, whether or not the second instance heard of it yet: a code it does not remember is read again.
        (await onSecond.GetAsync("/api/v1/leads?status=documents"))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var unknown = await onSecond.GetAsync("/api/v1/leads?status=nonexistent");
        FieldErrors(await ExpectProblem(unknown, HttpStatusCode.BadRequest, "validation_failed"), "status")
            .Should()
            .NotBeEmpty();
    }

    [Fact]
    public async Task The_admin_adds_a_status_into_the_funnel_and_leads_follow_the_new_transitions()
    {
        var created = await Post(
            "/api/v1/lead-statuses",
            new
            {
                code = "documents",
                name = "  Запрошены   документы ",
                color = "#00897b",
                kind = "open",
                order = 6,
                transitions = new[] { "approved", "rejected" },
            }
        );

        var status = await ExpectJson(created, HttpStatusCode.Created);
        Text(status)
            .Should()
            .Be(
                """{"code":"documents","name":"Запрошены документы","color":"#00897B","order":"""
                    + """6,"kind":"open","transitions":["approved","rejected"],"initial":"""
                    + """false,"allowedRoles":[],"version":1}"""
            );
        created.Headers.Location!.ToString().Should().Be("/api/v1/lead-statuses/documents");
        (await Statuses())
            .Select(s => s["code"]!.GetValue<string>())
            .Should()
            .Equal(
                "new",
                "from_partner",
                "auction",
                "not_sold",
                "in_progress",
                "documents",
                "approved",
                "issued",
                "rejected",
                "returned"
            );
        (await Statuses()).Select(s => s["order"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, 10));

        var lead = await CreateLead(Id(await CreateClient()), status: "in_progress");
        var url = $"/api/v1/leads/{Id(lead)}";
        await ExpectProblem(
            await Patch(url, new { status = "documents" }, "*"),
            HttpStatusCode.Conflict,
            "lead_status_transition_not_allowed"
        );
        var edited = await ExpectJson(
            await Patch(
                "/api/v1/lead-statuses/in_progress",
                new { transitions = new[] { "documents", "rejected", "documents" }, name = "В работе у брокера" },
                "\"1\""
            ),
            HttpStatusCode.OK
        );
        edited["transitions"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("documents", "rejected");
        edited["version"]!.GetValue<int>().Should().Be(2);
        (await ExpectJson(await Patch(url, new { status = "documents" }, "*"), HttpStatusCode.OK))["status"]!
            .GetValue<string>()
            .Should()
            .Be("documents");
        await ExpectProblem(
            await Patch(url, new { status = "issued" }, "*"),
            HttpStatusCode.Conflict,
            "lead_status_transition_not_allowed"
        );
    }

    [Fact]
    public async Task A_partner_cannot_mark_its_own_lead_approved_or_issued_and_head_office_can()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(
            await alpha.PostAsJsonAsync(
                "/api/v1/clients",
                new
                {
                    fullName = "Клиент Альфы",
                    phone = UniquePhone(),
                    source = "partner",
                }
            ),
            HttpStatusCode.Created
        );
        var lead = await ExpectJson(
            await alpha.PostAsJsonAsync(
                "/api/v1/leads",
                new
                {
                    clientId = Id(client),
                    requestedAmount = 100_000,
                    product = "consumer",
                    status = "in_progress",
                }
            ),
            HttpStatusCode.Created
        );
        var url = $"/api/v1/leads/{Id(lead)}";

        var refused = await ExpectProblem(
            await alpha.SendAsync(PatchRequest(url, new { status = "approved" }, "\"1\"")),
            HttpStatusCode.Forbidden,
            "lead_status_role_not_allowed"
        );
        refused["requestedStatus"]!.GetValue<string>().Should().Be("approved");
        refused["allowedRoles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("admin", "employee");
        (await ExpectJson(await alpha.GetAsync(url), HttpStatusCode.OK))["status"]!
            .GetValue<string>()
            .Should()
            .Be("in_progress");
        await ExpectProblem(
            await alpha.PostAsJsonAsync(
                "/api/v1/leads",
                new
                {
                    clientId = Id(client),
                    requestedAmount = 1,
                    product = "consumer",
                    status = "issued",
                }
            ),
            HttpStatusCode.Forbidden,
            "lead_status_role_not_allowed"
        );

        // Other moves stay open to the partner; head office approves.
        await ExpectJson(
            await alpha.SendAsync(PatchRequest(url, new { comment = "Документы собраны" }, "\"1\"")),
            HttpStatusCode.OK
        );
        (await ExpectJson(await Patch(url, new { status = "approved" }, "\"2\""), HttpStatusCode.OK))["status"]!
            .GetValue<string>()
            .Should()
            .Be("approved");

        // The admin opens the status to partners; the rule is read on every move.
        await ExpectJson(
            await Patch("/api/v1/lead-statuses/issued", new { allowedRoles = new[] { "partner", "admin" } }, "\"1\""),
            HttpStatusCode.OK
        );
        (
            await ExpectJson(
                await alpha.SendAsync(PatchRequest(url, new { status = "issued" }, "\"3\"")),
                HttpStatusCode.OK
            )
        )["status"]!
            .GetValue<string>()
            .Should()
            .Be("issued");
    }

    [Fact]
    public async Task Leads_are_created_only_in_initial_statuses_by_every_way_in()
    {
        await ExpectJson(
            await Patch("/api/v1/lead-statuses/approved", new { initial = false }, "\"1\""),
            HttpStatusCode.OK
        );
        await ExpectJson(
            await Patch("/api/v1/lead-statuses/rejected", new { initial = false }, "\"1\""),
            HttpStatusCode.OK
        );
        var client = await CreateClient();
        var onCreate = await ExpectProblem(
            await Post(
                "/api/v1/leads",
                new
                {
                    clientId = Id(client),
                    requestedAmount = 1000,
                    product = "auto",
                    status = "approved",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(onCreate, "status")
            .Should()
            .ContainSingle()
            .Which.Should()
            .StartWith("A lead cannot be created in status 'approved'");
        var onSubmit = await ExpectProblem(
            await Post(
                "/api/v1/lead-submissions",
                new
                {
                    fullName = "Иванов Иван",
                    phone = UniquePhone(),
                    source = "partner",
                    requestedAmount = 1000,
                    product = "auto",
                    status = "rejected",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(onSubmit, "status").Should().NotBeEmpty();

        await ExpectJson(
            await Patch("/api/v1/lead-statuses/rejected", new { initial = true }, "\"2\""),
            HttpStatusCode.OK
        );
        (
            await ExpectJson(
                await Post(
                    "/api/v1/leads",
                    new
                    {
                        clientId = Id(client),
                        requestedAmount = 1000,
                        product = "auto",
                        status = "rejected",
                    }
                ),
                HttpStatusCode.Created
            )
        )["status"]!.GetValue<string>().Should().Be("rejected");
    }

    [Theory]
    [InlineData("""{"allowedRoles":["admin","owner"]}""")]
    [InlineData("""{"allowedRoles":null}""")]
    public async Task Role_limits_name_only_roles(string body)
    {
        var problem = await ExpectProblem(
            await Send(HttpMethod.Patch, "/api/v1/lead-statuses/approved", body, "application/merge-patch+json"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        FieldErrors(problem, "allowedRoles").Should().NotBeEmpty();
        (await Statuses()).Single(s => s["code"]!.GetValue<string>() == "approved")["version"]!
            .GetValue<int>()
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task Reordering_keeps_the_orders_one_to_n()
    {
        var moved = await ExpectJson(
            await Patch("/api/v1/lead-statuses/returned", new { order = 2 }, null),
            HttpStatusCode.OK
        );
        moved["order"]!.GetValue<int>().Should().Be(2);
        (await Statuses())
            .Select(s => s["code"]!.GetValue<string>())
            .Should()
            .Equal(
                "new",
                "returned",
                "from_partner",
                "auction",
                "not_sold",
                "in_progress",
                "approved",
                "issued",
                "rejected"
            );

        await ExpectJson(await Patch("/api/v1/lead-statuses/new", new { order = 9 }, null), HttpStatusCode.OK);
        var statuses = await Statuses();
        statuses
            .Select(s => s["code"]!.GetValue<string>())
            .Should()
            .Equal(
                "returned",
                "from_partner",
                "auction",
                "not_sold",
                "in_progress",
                "approved",
                "issued",
                "rejected",
                "new"
            );
        statuses.Select(s => s["order"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, 9));

        var tooFar = await ExpectProblem(
            await Patch("/api/v1/lead-statuses/new", new { order = 10 }, null),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(tooFar, "order").Should().Equal("Must be between 1 and 9.");
        await ExpectProblem(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "late",
                    name = "Поздно",
                    color = "#000000",
                    kind = "lost",
                    order = 11,
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    [Theory]
    [InlineData("""{"code":"In Work","name":"x","color":"#000000","kind":"open"}""", "code")]
    [InlineData("""{"code":"ok_code","name":" ","color":"#000000","kind":"open"}""", "name")]
    [InlineData("""{"code":"ok_code","name":"x","color":"red","kind":"open"}""", "color")]
    [InlineData("""{"code":"ok_code","name":"x","color":"#000000","kind":"maybe"}""", "kind")]
    [InlineData("""{"code":"ok_code","name":"x","color":"#000000","kind":"open","order":0}""", "order")]
    [InlineData(
        "{\"code\":\"ok_code\",\"name\":\"x\",\"color\":\"#000000\",\"kind\":\"open\","
            + "\"transitions\":[\"approved\",\"nowhere\"]}",
        "transitions"
    )]
    [InlineData(
        "{\"code\":\"ok_code\",\"name\":\"x\",\"color\":\"#000000\",\"kind\":\"open\","
            + "\"transitions\":[\"ok_code\"]}",
        "transitions"
    )]
    [InlineData("""{"code":"ok_code","name":"x","color":"#000000","kind":"open","transitions":null}""", "transitions")]
    [InlineData("""{"name":"x","color":"#000000","kind":"open"}""", "code")]
    public async Task Invalid_statuses_are_field_errors(string body, string field)
    {
        var problem = await ExpectProblem(
            await Post("/api/v1/lead-statuses", body),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        FieldErrors(problem, field).Should().NotBeEmpty();
        (await Statuses()).Should().HaveCount(9);
    }

    [Fact]
    public async Task Transitions_may_only_name_other_existing_statuses_when_edited()
    {
        var unknown = await ExpectProblem(
            await Patch("/api/v1/lead-statuses/new", new { transitions = new[] { "in_progress", "ghost" } }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(unknown, "transitions")
            .Should()
            .ContainSingle()
            .Which.Should()
            .StartWith("Names no status: ghost.");
        await ExpectProblem(
            await Patch("/api/v1/lead-statuses/new", new { transitions = new[] { "new" } }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Patch("/api/v1/lead-statuses/new", new { code = "newer" }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Patch("/api/v1/lead-statuses/new", new { color = "#ABCDEF" }, "\"2\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
    }

    [Fact]
    public async Task A_status_in_use_or_the_default_cannot_be_deleted_and_codes_are_never_reused()
    {
        await CreateLead(Id(await CreateClient()), status: "returned");
        var inUse = await ExpectProblem(
            await Http.DeleteAsync("/api/v1/lead-statuses/returned"),
            HttpStatusCode.Conflict,
            "lead_status_in_use"
        );
        inUse["detail"]!.GetValue<string>().Should().Contain("1 lead(s)");
        await ExpectProblem(
            await Http.DeleteAsync("/api/v1/lead-statuses/new"),
            HttpStatusCode.Conflict,
            "lead_status_in_use"
        );

        (await Http.DeleteAsync("/api/v1/lead-statuses/not_sold")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var statuses = await Statuses();
        statuses.Select(s => s["code"]!.GetValue<string>()).Should().NotContain("not_sold");
        statuses.Select(s => s["order"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, 8));
        var auction = statuses.Single(s => s["code"]!.GetValue<string>() == "auction");
        auction["transitions"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("in_progress");
        auction["version"]!.GetValue<int>().Should().BeGreaterThan(1);
        await ExpectProblem(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "not_sold",
                    name = "Снова",
                    color = "#000000",
                    kind = "lost",
                }
            ),
            HttpStatusCode.Conflict,
            "lead_status_code_taken"
        );
        await ExpectProblem(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "issued",
                    name = "Дубль",
                    color = "#000000",
                    kind = "won",
                }
            ),
            HttpStatusCode.Conflict,
            "lead_status_code_taken"
        );
        await ExpectProblem(
            await Post(
                "/api/v1/leads",
                new
                {
                    clientId = Id(await CreateClient()),
                    requestedAmount = 1000,
                    product = "auto",
                    status = "not_sold",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    [Fact]
    public async Task Status_changes_are_audited()
    {
        await ExpectJson(
            await Post(
                "/api/v1/lead-statuses",
                new
                {
                    code = "audited",
                    name = "Проверено",
                    color = "#101010",
                    kind = "open",
                }
            ),
            HttpStatusCode.Created
        );
        await ExpectJson(
            await Patch("/api/v1/lead-statuses/audited", new { color = "#202020" }, null),
            HttpStatusCode.OK
        );
        (await Http.DeleteAsync("/api/v1/lead-statuses/audited")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var events = (
            await ExpectJson(
                await Http.GetAsync("/api/v1/audit-events?entityType=lead_status&limit=200"),
                HttpStatusCode.OK
            )
        )["items"]!.AsArray();
        events
            .Select(e => e!["action"]!.GetValue<string>())
            .Should()
            .Contain(["lead_status.created", "lead_status.updated", "lead_status.deleted"]);
    }

    [Fact]
    public async Task History_records_creation_and_every_change_with_the_actor()
    {
        var manager = (await Server.UserIdAsync(TestActor.Employee)).ToString();
        var lead = await CreateLead(Id(await CreateClient()), 500_000m, comment: "Звонок");
        var url = $"/api/v1/leads/{Id(lead)}";
        await ExpectJson(
            await Patch(
                url,
                new
                {
                    status = "in_progress",
                    responsibleUserId = manager,
                    requestedAmount = 750_000.5m,
                    product = "auto",
                },
                "\"1\""
            ),
            HttpStatusCode.OK
        );
        await ExpectJson(await Patch(url, new { comment = (string?)null }, "\"2\""), HttpStatusCode.OK);
        await ExpectJson(await Patch(url, new { comment = "" }, "\"3\""), HttpStatusCode.OK);

        var items = await Timeline(url);

        items.Should().AllSatisfy(i => i["kind"]!.GetValue<string>().Should().Be("history"));
        items
            .Select(i => Text(i["change"]!))
            .Should()
            .BeEquivalentTo([
                """{"field":"comment","from":"Звонок","to":null}""",
                """{"field":"status","from":"new","to":"in_progress"}""",
                $$"""{"field":"responsibleUserId","from":null,"to":"{{manager}}"}""",
                """{"field":"requestedAmount","from":"500000.00","to":"750000.50"}""",
                """{"field":"status","from":null,"to":"new"}""",
                """{"field":"requestedAmount","from":null,"to":"500000.00"}""",
                """{"field":"comment","from":null,"to":"Звонок"}""",
            ]);
        items[0]["change"]!["field"]!.GetValue<string>().Should().Be("comment", "the newest change comes first");
        items
            .Should()
            .AllSatisfy(i =>
            {
                i["actor"]!["userId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
                i["actor"]!["clientId"].Should().BeNull();
                i["text"].Should().BeNull();
            });
        items.Select(i => i["actor"]!["userId"]!.GetValue<string>()).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task Comments_are_written_by_the_caller_and_listed_newest_first()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var url = $"/api/v1/leads/{Id(lead)}/comments";
        var texts = new[] { "Первый", "Второй", "Третий" };
        foreach (var text in texts)
        {
            var created = await ExpectJson(await Post(url, new { text = $"  {text} " }), HttpStatusCode.Created);
            created["text"]!.GetValue<string>().Should().Be(text);
            created["leadId"]!.GetValue<string>().Should().Be(Id(lead));
            created["author"]!["userId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        }

        var ids = await ListAllIds(url, 2);
        var all = (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray();
        all.Select(c => c!["text"]!.GetValue<string>()).Should().Equal("Третий", "Второй", "Первый");
        ids.Should().Equal(all.Select(c => c!["id"]!.GetValue<string>()));

        FieldErrors(
                await ExpectProblem(
                    await Post(url, new { text = "   " }),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "text"
            )
            .Should()
            .NotBeEmpty();
        FieldErrors(
                await ExpectProblem(
                    await Post(url, new { text = new string('я', 4001) }),
                    HttpStatusCode.BadRequest,
                    "validation_failed"
                ),
                "text"
            )
            .Should()
            .NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(url, "{}"), HttpStatusCode.BadRequest, "validation_failed"), "text")
            .Should()
            .Equal("Is required.");
        await ExpectProblem(
            await Post($"/api/v1/leads/{Guid.CreateVersion7()}/comments", new { text = "x" }),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(await Http.GetAsync($"{url}?limit=0"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_timeline_mixes_history_and_comments_newest_first_and_pages_with_a_cursor()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var url = $"/api/v1/leads/{Id(lead)}";
        await ExpectJson(await Post($"{url}/comments", new { text = "Клиент думает" }), HttpStatusCode.Created);
        await ExpectJson(await Patch(url, new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);
        await ExpectJson(await Post($"{url}/comments", new { text = "Документы получены" }), HttpStatusCode.Created);
        await ExpectJson(await Patch(url, new { status = "approved" }, "\"2\""), HttpStatusCode.OK);

        var items = await Timeline(url);

        items
            .Take(4)
            .Select(Describe)
            .Should()
            .Equal(
                "history status in_progress→approved",
                "comment Документы получены",
                "history status new→in_progress",
                "comment Клиент думает"
            );
        items
            .Skip(4)
            .Select(Describe)
            .Should()
            .BeEquivalentTo(
                ["history requestedAmount →1000000.00", "history status →new"],
                "creation wrote both at one instant"
            );
        items.Select(i => i["at"]!.GetValue<DateTimeOffset>()).Should().BeInDescendingOrder();
        (await ListAllIds($"{url}/timeline", 1)).Should().Equal(items.Select(i => Id(i)));
        (await ListAllIds($"{url}/timeline", 4)).Should().Equal(items.Select(i => Id(i)));

        var comments = await ExpectJson(await Http.GetAsync($"{url}/comments?limit=1"), HttpStatusCode.OK);
        var foreignCursor = comments["nextCursor"]!.GetValue<string>();
        await ExpectProblem(
            await Http.GetAsync($"{url}/timeline?cursor={foreignCursor}"),
            HttpStatusCode.BadRequest,
            "invalid_cursor"
        );
        await ExpectProblem(
            await Http.GetAsync($"{url}/timeline?cursor=garbage"),
            HttpStatusCode.BadRequest,
            "invalid_cursor"
        );
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/leads/{Guid.CreateVersion7()}/timeline"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task The_timeline_shows_the_leads_tasks_and_the_notifications_they_sent()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var url = $"/api/v1/leads/{Id(lead)}";
        var employee = await Server.UserIdAsync(TestActor.Employee);
        var dueAt = DateTimeOffset.UtcNow.AddDays(1);
        var task = await ExpectJson(
            await Post(
                "/api/v1/tasks",
                new
                {
                    subjectType = "lead",
                    subjectId = Id(lead),
                    title = "Запросить справку 2-НДФЛ",
                    dueAt,
                    assigneeUserId = employee,
                }
            ),
            HttpStatusCode.Created
        );
        await ExpectJson(await Post($"{url}/comments", new { text = "Ждём справку" }), HttpStatusCode.Created);
        await ExpectJson(await Http.PostAsync($"/api/v1/tasks/{Id(task)}/completion", null), HttpStatusCode.OK);
        var otherLead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(
            await Post(
                "/api/v1/tasks",
                new
                {
                    subjectType = "lead",
                    subjectId = Id(otherLead),
                    title = "Чужая задача",
                    dueAt,
                    assigneeUserId = employee,
                }
            ),
            HttpStatusCode.Created
        );

        var items = await Timeline(url);

        items.Take(3).Select(i => i["kind"]!.GetValue<string>()).Should().Equal("comment", "notification", "task");
        var notification = items[1];
        notification["text"]!.GetValue<string>().Should().Contain("Запросить справку");
        notification["notification"]!["kind"]!.GetValue<string>().Should().Be("task_assigned");
        notification["notification"]!["recipientUserId"]!.GetValue<Guid>().Should().Be(employee);
        var taskItem = items[2];
        Id(taskItem).Should().Be(Id(task));
        taskItem["text"]!.GetValue<string>().Should().Be("Запросить справку 2-НДФЛ");
        taskItem["task"]!["assigneeUserId"]!.GetValue<Guid>().Should().Be(employee);
        taskItem["task"]!["doneAt"].Should().NotBeNull("it was completed since");
        items.Skip(3).Should().OnlyContain(i => i["kind"]!.GetValue<string>() == "history");
        items
            .Should()
            .OnlyContain(i =>
                i["kind"]!.GetValue<string>() == "task"
                    ? i["change"] == null && i["notification"] == null
                    : i["task"] == null
            );
    }

    [Fact]
    public async Task Ties_in_time_are_ordered_by_id_and_no_item_repeats_or_vanishes_across_pages()
    {
        // One update writes several entries at the same instant: the id decides their order.
        var lead = await CreateLead(Id(await CreateClient()), comment: "a");
        var url = $"/api/v1/leads/{Id(lead)}";
        await ExpectJson(
            await Patch(
                url,
                new
                {
                    status = "in_progress",
                    comment = "b",
                    requestedAmount = 2,
                    responsibleUserId = await Server.UserIdAsync(TestActor.Employee),
                },
                "\"1\""
            ),
            HttpStatusCode.OK
        );

        var items = await Timeline(url);
        var paged = await ListAllIds($"{url}/timeline", 3);

        items.Should().HaveCount(7);
        items.Select(i => i["at"]!.GetValue<DateTimeOffset>()).Should().BeInDescendingOrder();
        foreach (
            var (newer, older) in items
                .Zip(items.Skip(1))
                .Where(p => p.First["at"]!.GetValue<DateTimeOffset>() == p.Second["at"]!.GetValue<DateTimeOffset>())
        )
        {
            string.CompareOrdinal(Id(newer), Id(older)).Should().BePositive("ties are ordered by id, newest first");
        }
        paged.Should().Equal(items.Select(i => Id(i)));
    }

    [Fact]
    public async Task Another_organizations_lead_has_no_comments_or_timeline_for_a_partner()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/clients",
                Body(
                    new
                    {
                        fullName = "Клиент Альфы",
                        phone = UniquePhone(),
                        source = "partner",
                    }
                )
            ),
            HttpStatusCode.Created
        );
        var lead = await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/leads",
                Body(
                    new
                    {
                        clientId = Id(client),
                        requestedAmount = 1000,
                        product = "auto",
                    }
                )
            ),
            HttpStatusCode.Created
        );
        var comment = await ExpectJson(
            await alpha.PostAsync($"/api/v1/leads/{Id(lead)}/comments", Body(new { text = "Наш клиент" })),
            HttpStatusCode.Created
        );
        (await Timeline($"/api/v1/leads/{Id(lead)}"))
            .Select(i => i["actor"]!["userId"]!.GetValue<string>())
            .Distinct()
            .Should()
            .Equal(comment["author"]!["userId"]!.GetValue<string>());

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(
            await beta.GetAsync($"/api/v1/leads/{Id(lead)}/timeline"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await beta.GetAsync($"/api/v1/leads/{Id(lead)}/comments"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await beta.PostAsync($"/api/v1/leads/{Id(lead)}/comments", Body(new { text = "Чужой" })),
            HttpStatusCode.NotFound,
            "not_found"
        );
        (await Timeline($"/api/v1/leads/{Id(lead)}")).Should().HaveCount(3, "the refused comment was not written");
    }

    [Fact]
    public async Task Comments_are_audited()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var comment = await ExpectJson(
            await Post($"/api/v1/leads/{Id(lead)}/comments", new { text = "Проверка аудита" }),
            HttpStatusCode.Created
        );

        var events = (
            await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(comment)}"), HttpStatusCode.OK)
        )["items"]!.AsArray();

        events.Should().ContainSingle().Which!["action"]!.GetValue<string>().Should().Be("lead_comment.created");
    }

    private static HttpRequestMessage PatchRequest(string url, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent(Json(body), Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private async Task<List<JsonObject>> Statuses() =>
        (await ExpectJson(await Http.GetAsync("/api/v1/lead-statuses"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(s => s!.AsObject())
            .ToList();

    private async Task<List<JsonObject>> Timeline(string leadUrl) =>
        (await ExpectJson(await Http.GetAsync($"{leadUrl}/timeline?limit=200"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(s => s!.AsObject())
            .ToList();

    private static string Describe(JsonObject item) =>
        item["kind"]!.GetValue<string>() switch
        {
            "history" => $"history {item["change"]!["field"]} {item["change"]!["from"]}→{item["change"]!["to"]}",
            var kind => $"{kind} {item["text"]}",
        };

    private static string Text(JsonNode node) =>
        node.ToJsonString(
            new System.Text.Json.JsonSerializerOptions
            {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }
        );
}
