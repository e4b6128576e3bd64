using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;
using MakCrm.Domain.Clients;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static MakCrm.IntegrationTests.AmoCrm.AmoCrmAnswers;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// Head office's admin maps the connected amoCRM account to MaK (statuses, users, fields) under If-Match, and runs the
/// import's dry run, against the simulator: unmapped items are listed, contacts whose phone or e-mail is a head-office
/// client are linked, and the dry run writes nothing.
/// </summary>
public sealed class AmoCrmMappingApiTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private const string MappingPath = "/api/v1/integrations/amocrm/mapping";
    private const string PreviewPath = "/api/v1/integrations/amocrm/import-preview";
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        // 600 leads: 480 contacts and 600 leads take two and three pages of 250.
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 600 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    [Fact]
    public async Task The_mapping_lists_amoCRMs_side_everything_unmapped_and_suggests_users_by_email()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        (await admin.GetAsync(MappingPath)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync(PreviewPath)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await ConnectAsync(admin);
        _amo.Account.Users.Add(new AmoUser(9_000_100, "Админ МаК", "  ADMIN@Test.mak", false));

        using var response = await admin.GetAsync(MappingPath);
        var mapping = await Json(response, HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        mapping["version"]!.GetValue<int>().Should().Be(0);
        mapping["updatedAt"].Should().BeNull();
        var amo = mapping["amoCrm"]!;
        var pipelines = amo["pipelines"]!.AsArray();
        pipelines.Select(p => p!["id"]!.GetValue<long>()).Should().Equal(_amo.Account.Pipelines.Select(p => p.Id));
        pipelines[0]!["statuses"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Contain("Переговоры");
        var statusCount = _amo.Account.Pipelines.Sum(p => p.Statuses.Count);
        mapping["unmapped"]!["statuses"]!.AsArray().Should().HaveCount(statusCount);
        mapping["unmapped"]!["users"]!.AsArray().Should().HaveCount(_amo.Account.Users.Count);
        var fields = amo["fields"]!.AsArray();
        fields.Should().HaveCount(_amo.Account.Fields("leads").Count + _amo.Account.Fields("contacts").Count);
        fields.Should().Contain(f => (string?)f!["code"] == "PHONE" && f["entity"]!.GetValue<string>() == "contacts");
        mapping["unmapped"]!["fields"]!.AsArray().Should().HaveCount(fields.Count);

        var adminId = await UserIdAsync(TestActor.Admin.Email());
        var users = amo["users"]!.AsArray();
        users.Single(u => u!["id"]!.GetValue<long>() == 9_000_100)!["suggestedUserId"]!
            .GetValue<Guid>()
            .Should()
            .Be(adminId);
        users
            .Where(u => u!["id"]!.GetValue<long>() != 9_000_100)
            .Should()
            .OnlyContain(u => u!["suggestedUserId"] == null);
        (await AuditActions()).Should().Equal("amocrm.connected");
    }

    [Fact]
    public async Task Replacing_the_mapping_takes_If_Match_checks_both_sides_and_is_audited()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        var adminId = await UserIdAsync(TestActor.Admin.Email());
        var valid = ValidMapping(adminId);

        await ExpectProblem(
            await Put(admin, valid, null),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );

        var wrong = new
        {
            statuses = new object[]
            {
                Status(AmoSeed.MainPipelineId, 1, "new"),
                new
                {
                    amoPipelineId = AmoSeed.MainPipelineId,
                    amoStatusId = 142L,
                    leadStatus = "no_such_status",
                    stageId = (Guid?)null,
                },
                new
                {
                    amoPipelineId = AmoSeed.MainPipelineId,
                    amoStatusId = 143L,
                    leadStatus = "new",
                    stageId = (Guid?)Guid.NewGuid(),
                },
            },
            users = new[] { new { amoUserId = 1L, userId = Guid.NewGuid() } },
            fields = new object[]
            {
                Field(AmoSeed.ContactEmailFieldId, "contacts", "phone"),
                Field(AmoSeed.AmountFieldId, "leads", "phone"),
                new
                {
                    amoFieldId = AmoSeed.CityFieldId,
                    entity = "leads",
                    target = "custom_field",
                    customFieldId = (Guid?)Guid.NewGuid(),
                },
            },
        };
        var refused = await Json(await Put(admin, wrong, "\"0\""), HttpStatusCode.BadRequest);
        refused["code"]!.GetValue<string>().Should().Be("validation_failed");
        var keys = refused["errors"]!.AsObject().Select(e => e.Key).ToList();
        keys.Should().Contain(k => k.StartsWith("statuses[2]", StringComparison.OrdinalIgnoreCase));
        keys.Should().Contain(k => k.StartsWith("fields[1]", StringComparison.OrdinalIgnoreCase));

        var unknown = new
        {
            statuses = new object[]
            {
                Status(AmoSeed.MainPipelineId, 1, "new"),
                Status(AmoSeed.MainPipelineId, AmoAccount.WonStatusId, "no_such_status"),
            },
            users = new[] { new { amoUserId = 1L, userId = Guid.NewGuid() } },
            fields = new object[]
            {
                Field(AmoSeed.ContactEmailFieldId, "contacts", "phone"),
                new
                {
                    amoFieldId = AmoSeed.CityFieldId,
                    entity = "leads",
                    target = "custom_field",
                    customFieldId = (Guid?)Guid.NewGuid(),
                },
            },
        };
        var errors = (await Json(await Put(admin, unknown, "\"0\""), HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors
            .Select(e => e.Key)
            .Should()
            .BeEquivalentTo(
                "statuses[0].amoStatusId",
                "statuses[1].leadStatus",
                "users[0].amoUserId",
                "users[0].userId",
                "fields[0].target",
                "fields[1].customFieldId"
            );
        (await AuditActions()).Should().Equal("amocrm.connected");

        using var saved = await Put(admin, valid, "\"0\"");
        var body = await Json(saved, HttpStatusCode.OK);
        saved.Headers.ETag!.Tag.Should().Be("\"1\"");
        body["version"]!.GetValue<int>().Should().Be(1);
        body["users"]!.AsArray().Should().ContainSingle();
        body["unmapped"]!["users"]!.AsArray().Should().HaveCount(_amo.Account.Users.Count - 1);
        body["unmapped"]!["statuses"]!
            .AsArray()
            .Should()
            .NotContain(s => s!["amoPipelineId"]!.GetValue<long>() == AmoSeed.MainPipelineId);
        body["unmapped"]!["fields"]!
            .AsArray()
            .Should()
            .NotContain(f => f!["amoFieldId"]!.GetValue<long>() == AmoSeed.ContactPhoneFieldId);

        await ExpectProblem(await Put(admin, valid, "\"0\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var read = await Json(await admin.GetAsync(MappingPath), HttpStatusCode.OK);
        read["statuses"]!.ToJsonString().Should().Be(body["statuses"]!.ToJsonString());
        read["fields"]!.ToJsonString().Should().Be(body["fields"]!.ToJsonString());
        read["updatedAt"].Should().NotBeNull();
        (await AuditActions()).Should().Equal("amocrm.connected", "amocrm.mapping_replaced");

        var emptied = await Json(
            await Put(
                admin,
                new
                {
                    statuses = Array.Empty<object>(),
                    users = Array.Empty<object>(),
                    fields = Array.Empty<object>(),
                },
                "\"1\""
            ),
            HttpStatusCode.OK
        );
        emptied["unmapped"]!["users"]!.AsArray().Should().HaveCount(_amo.Account.Users.Count);
    }

    [Fact]
    public async Task The_dry_run_links_contacts_that_are_clients_skips_what_is_unmapped_and_writes_nothing()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        var adminId = await UserIdAsync(TestActor.Admin.Email());
        (await Put(admin, ValidMapping(adminId), "\"0\"")).StatusCode.Should().Be(HttpStatusCode.OK);

        // A head-office client with a contact's phone as amoCRM holds it (typed any way), and one with another
        // contact's e-mail (in upper case in amoCRM one time in seven) and a phone no contact has.
        var contacts = Enumerable
            .Range(0, 480)
            .Select(i => _amo.Account.Find("contacts", AmoSeed.FirstContactId + i)!)
            .ToList();
        var byPhone = contacts.First(c => Values(c, AmoSeed.ContactPhoneFieldId).Count > 0);
        var phone = PhoneNumber.Parse(Values(byPhone, AmoSeed.ContactPhoneFieldId)[0]).Value;
        var byEmail = contacts.First(c =>
            c != byPhone
            && Values(c, AmoSeed.ContactEmailFieldId).Count > 0
            && Values(c, AmoSeed.ContactPhoneFieldId).All(p => PhoneNumber.Parse(p).Value != phone)
        );
        var email = Values(byEmail, AmoSeed.ContactEmailFieldId)[0];
        var phoneClient = await CreateClientAsync(admin, phone, null);
        var emailClient = await CreateClientAsync(admin, "+79000000001", email.ToLowerInvariant());
        var before = await SnapshotAsync();

        var report = await Json(await admin.GetAsync(PreviewPath), HttpStatusCode.OK);

        var after = await SnapshotAsync();
        after.Except(before).Should().BeEmpty("a dry run writes nothing");
        report["mappingVersion"]!.GetValue<int>().Should().Be(1);
        var links = report["links"]!.AsArray();
        var phoneLink = links.Single(l => l!["contactId"]!.GetValue<long>() == byPhone["id"]!.GetValue<long>())!;
        phoneLink["clientId"]!.GetValue<Guid>().Should().Be(phoneClient);
        phoneLink["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Contain("phone");
        var emailLink = links.Single(l => l!["contactId"]!.GetValue<long>() == byEmail["id"]!.GetValue<long>())!;
        emailLink["clientId"]!.GetValue<Guid>().Should().Be(emailClient);
        emailLink["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("email");
        // The seed repeats a phone in one contact of twenty: those link to the client the first would create.
        links.Should().Contain(l => l!["clientId"] == null && l["sameAsContactId"] != null);

        var contactCounts = report["contacts"]!;
        Total(contactCounts).Should().Be(480);
        var noPhone = contacts.Count(c => Values(c, AmoSeed.ContactPhoneFieldId).Count == 0);
        contactCounts["skip"]!.GetValue<int>().Should().BeLessThanOrEqualTo(noPhone).And.BeGreaterThan(0);
        report["companies"]!["create"]!
            .GetValue<int>()
            .Should()
            .Be(60, "companies are kept as records of the integration");
        var leadCounts = report["leads"]!;
        Total(leadCounts).Should().Be(600);
        leadCounts["link"]!.GetValue<int>().Should().Be(0);
        var leads = Enumerable.Range(0, 600).Select(i => _amo.Account.Find("leads", AmoSeed.FirstLeadId + i)!).ToList();
        var mainPipeline = leads.Count(l => l["pipeline_id"]!.GetValue<long>() == AmoSeed.MainPipelineId);
        leadCounts["create"]!.GetValue<int>().Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(mainPipeline);
        var skipped = report["skipped"]!.AsArray();
        skipped.Should().HaveCount(100, "the report lists the first 100 skips");
        skipped.Select(s => s!["reason"]!.GetValue<string>()).Should().Contain(["no_phone", "status_unmapped"]);
        report["leadsWithoutUser"]!.GetValue<int>().Should().BeGreaterThan(0, "one amoCRM user of six is mapped");
        report["unmapped"]!["users"]!.AsArray().Should().HaveCount(_amo.Account.Users.Count - 1);

        // Every page was followed: the second page of contacts and the third of leads were asked for.
        _amo.Calls.Should()
            .Contain(c => c.PathAndQuery.StartsWith("/api/v4/contacts?page=2", StringComparison.Ordinal));
        _amo.Calls.Should().Contain(c => c.PathAndQuery.StartsWith("/api/v4/leads?page=3", StringComparison.Ordinal));
        _amo.Calls.Should().NotContain(c => c.Method != "GET");
    }

    [Fact]
    public async Task Only_head_offices_admin_may_and_a_blocked_account_is_422()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        foreach (
            var actor in new[] { TestActor.Employee, TestActor.PartnerAlpha, TestActor.Franchisee, TestActor.Guest }
        )
        {
            using var http = await server.CreateHttpClientAsync(actor);
            (await http.GetAsync(MappingPath)).StatusCode.Should().Be(HttpStatusCode.Forbidden, actor.ToString());
            (await Put(http, ValidMapping(Guid.NewGuid()), "\"0\""))
                .StatusCode.Should()
                .Be(HttpStatusCode.Forbidden, actor.ToString());
            (await http.GetAsync(PreviewPath)).StatusCode.Should().Be(HttpStatusCode.Forbidden, actor.ToString());
        }

        _amo.Blocked = true;
        await ExpectProblem(
            await admin.GetAsync(MappingPath),
            HttpStatusCode.UnprocessableEntity,
            "amocrm_account_blocked"
        );
        await ExpectProblem(
            await admin.GetAsync(PreviewPath),
            HttpStatusCode.UnprocessableEntity,
            "amocrm_account_blocked"
        );
        var state = await Json(await admin.GetAsync("/api/v1/integrations/amocrm/connection"), HttpStatusCode.OK);
        state["state"]!.GetValue<string>().Should().Be("blocked");
        _amo.Blocked = false;
        await ExpectProblem(
            await admin.GetAsync(MappingPath),
            HttpStatusCode.UnprocessableEntity,
            "amocrm_account_blocked"
        );
    }

    /// <summary>Every status of the main pipeline to the lead status <c>new</c>, the first amoCRM user to the
    /// admin, the contacts' phone and e-mail and the leads' amount.</summary>
    private object ValidMapping(Guid adminId) =>
        new
        {
            statuses = _amo
                .Account.Pipelines[0]
                .Statuses.Select(s => Status(AmoSeed.MainPipelineId, s.Id, "new"))
                .ToArray(),
            users = new[] { new { amoUserId = AmoSeed.FirstUserId, userId = adminId } },
            fields = new object[]
            {
                Field(AmoSeed.ContactPhoneFieldId, "contacts", "phone"),
                Field(AmoSeed.ContactEmailFieldId, "contacts", "email"),
                Field(AmoSeed.AmountFieldId, "leads", "amount"),
            },
        };

    private static object Status(long pipelineId, long statusId, string leadStatus) =>
        new
        {
            amoPipelineId = pipelineId,
            amoStatusId = statusId,
            leadStatus,
            stageId = (Guid?)null,
        };

    private static object Field(long fieldId, string entity, string target) =>
        new
        {
            amoFieldId = fieldId,
            entity,
            target,
            customFieldId = (Guid?)null,
        };

    private static int Total(JsonNode counts) =>
        counts["create"]!.GetValue<int>() + counts["link"]!.GetValue<int>() + counts["skip"]!.GetValue<int>();

    private static List<string> Values(JsonObject entity, long fieldId) =>
        [
            .. (entity["custom_fields_values"] as JsonArray ?? [])
                .Where(f => f!["field_id"]!.GetValue<long>() == fieldId)
                .SelectMany(f => f!["values"]!.AsArray())
                .Select(v => v!["value"]!.GetValue<string>()),
        ];

    private async Task ConnectAsync(HttpClient admin)
    {
        using var connected = await admin.PostAsJsonAsync(
            "/api/v1/integrations/amocrm/connection",
            new { baseUrl = _amo.BaseAddress.ToString(), token = _amo.LongLivedToken }
        );
        connected.StatusCode.Should().Be(HttpStatusCode.Created, await connected.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Put(HttpClient http, object mapping, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, MappingPath) { Content = JsonContent.Create(mapping) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }

    private static async Task<Guid> CreateClientAsync(HttpClient admin, string phone, string? email)
    {
        var created = await Json(
            await admin.PostAsJsonAsync(
                "/api/v1/clients",
                new
                {
                    fullName = "Клиент из amoCRM",
                    phone,
                    email,
                    source = "partner",
                }
            ),
            HttpStatusCode.Created
        );
        return created["id"]!.GetValue<Guid>();
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var command = server
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT id FROM users WHERE lower(email) = lower($1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = email });
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every table's content as one digest a table, except the outbound limiter's slots (which every call to
    /// amoCRM takes, a read as much as a write) and the points worker's cursor (moved on its own schedule); of the
    /// event feed, which rows it holds.</summary>
    private async Task<List<string>> SnapshotAsync()
    {
        var dataSource = server.Services.GetRequiredService<NpgsqlDataSource>();
        var tables = new List<string>();
        await using (
            var list = dataSource.CreateCommand(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename NOT IN ('amocrm_rate_slots', 'points_cursor') ORDER BY 1"
            )
        )
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var digests = new List<string>();
        foreach (var table in tables)
        {
            // The event feed's rows are numbered and rendered after their commit by workers of their own: which
            // rows there are is what a dry run could change.
            var row = table == "events" ? "t.id::text" : "t::text";
            await using var digest = dataSource.CreateCommand(
                $"SELECT md5(coalesce(string_agg({row}, '|' ORDER BY {row}), '')) FROM \"{table}\" t"
            );
            digests.Add($"{table}:{await digest.ExecuteScalarAsync()}");
        }

        return digests;
    }

    private Task<List<string>> AuditActions() => AmoCrmAnswers.AuditActions(server.Services);
}
