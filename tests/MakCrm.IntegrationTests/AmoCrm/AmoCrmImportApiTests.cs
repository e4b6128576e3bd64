using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;
using MakCrm.Domain.Clients;
using MakCrm.Infrastructure.AmoCrm;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static MakCrm.IntegrationTests.AmoCrm.AmoCrmAnswers;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// Head office's admin imports the connected amoCRM account over the real HTTP pipeline, against the simulator: the
/// import creates and links what the dry run said it would, links instead of duplicating when run again, resumes after
/// a crash from its checkpoints without doubles, stops at once when amoCRM blocks the account, halves its page on a
/// 504, and keeps a record MaK refuses as a dead letter that a retry imports.
/// </summary>
public sealed class AmoCrmImportApiTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private const string ImportsPath = "/api/v1/integrations/amocrm/imports";
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        // 600 leads: 480 contacts, 60 companies and 600 leads take two, one and three pages of 250.
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 600 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    private AmoCrmImportRunner Runner => server.Services.GetRequiredService<AmoCrmImportRunner>();

    [Fact]
    public async Task The_import_does_what_the_dry_run_said_links_clients_and_a_second_run_links_instead_of_doubling()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ExpectProblem(await Start(admin), HttpStatusCode.NotFound, "not_found");
        await ConnectAsync(admin);
        await ExpectProblem(await Start(admin), HttpStatusCode.Conflict, "amocrm_mapping_missing");
        await SaveMappingAsync(admin);
        var (contactId, phone) = ContactWithPhone(0);
        var existing = await CreateClientAsync(admin, phone);
        var preview = await Json(
            await admin.GetAsync("/api/v1/integrations/amocrm/import-preview"),
            HttpStatusCode.OK
        );

        var key = Guid.NewGuid().ToString();
        using var started = await Start(admin, key);
        var import = await Json(started, HttpStatusCode.Accepted);
        var id = import["id"]!.GetValue<Guid>();
        started.Headers.Location!.ToString().Should().Be($"{ImportsPath}/{id}");
        import["status"]!.GetValue<string>().Should().Be("queued");
        import["mappingVersion"]!.GetValue<int>().Should().Be(1);
        import["checkpoints"]!.AsArray().Select(c => c!["entity"]!.GetValue<string>())
            .Should().Equal("users", "pipelines", "custom_fields", "contacts", "companies", "leads");
        using (var replay = await Start(admin, key))
        {
            replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
            (await Json(replay, HttpStatusCode.Accepted))["id"]!.GetValue<Guid>().Should().Be(id);
        }

        await ExpectProblem(await Start(admin), HttpStatusCode.Conflict, "amocrm_import_running");

        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeFalse();

        var done = await GetImport(admin, id);
        done["status"]!.GetValue<string>().Should().Be("succeeded", done.ToJsonString());
        done["finishedAt"].Should().NotBeNull();
        done["failure"].Should().BeNull();
        var contacts = Checkpoint(done, "contacts");
        contacts["done"]!.GetValue<bool>().Should().BeTrue();
        contacts["read"]!.GetValue<int>().Should().Be(480);
        contacts["created"]!.GetValue<int>().Should().Be(preview["contacts"]!["create"]!.GetValue<int>());
        contacts["linked"]!.GetValue<int>().Should().Be(preview["contacts"]!["link"]!.GetValue<int>());
        contacts["skipped"]!.GetValue<int>().Should().Be(preview["contacts"]!["skip"]!.GetValue<int>());
        var leads = Checkpoint(done, "leads");
        leads["read"]!.GetValue<int>().Should().Be(600);
        leads["created"]!.GetValue<int>().Should().Be(preview["leads"]!["create"]!.GetValue<int>()).And.BePositive();
        leads["skipped"]!.GetValue<int>().Should().Be(preview["leads"]!["skip"]!.GetValue<int>());
        leads["deadLettered"]!.GetValue<int>().Should().Be(0);
        Checkpoint(done, "companies")["read"]!.GetValue<int>().Should().Be(60);
        Checkpoint(done, "users")["linked"]!.GetValue<int>().Should().Be(2, "two amoCRM users are mapped");

        // The contact with the existing client's phone is linked to it, and no second client has the phone.
        (await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'contacts' AND amo_id = {contactId}"))
            .Should().Be(existing);
        (await Sql<long>($"SELECT count(*) FROM clients WHERE phone = '{phone}' AND deleted_at IS NULL"))
            .Should().Be(1);
        // Every lead imported is in MaK, head office's, once.
        var leadCount = await Sql<long>(
            "SELECT count(*) FROM leads l JOIN amocrm_links k ON k.mak_id = l.id AND k.entity = 'leads' "
                + "WHERE l.organization_id = '0192f0c1-0000-7000-8000-000000000001'"
        );
        leadCount.Should().Be(leads["created"]!.GetValue<int>());
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(leadCount);
        // A page's leads go through the intake together: a contact's later lead is a duplicate of its earliest one,
        // whether that was saved on an earlier page or made earlier on the same page (in the same transaction), and
        // no phone became two clients.
        (await Sql<long>(
            """
            SELECT count(*) FROM leads l
            WHERE l.duplicate_of_lead_id IS DISTINCT FROM (
                SELECT o.id FROM leads o
                WHERE o.client_id = l.client_id AND (o.created_at, o.id) < (l.created_at, l.id)
                ORDER BY o.created_at, o.id LIMIT 1)
            """
        )).Should().Be(0);
        (await Sql<long>(
            "SELECT count(*) FROM leads d JOIN leads o ON o.id = d.duplicate_of_lead_id WHERE d.xmin = o.xmin"
        )).Should().BePositive();
        (await Sql<long>("SELECT count(*) FROM (SELECT phone FROM clients GROUP BY phone HAVING count(*) > 1) p"))
            .Should().Be(0);
        // The leads of the amoCRM user mapped to the employee are the employee's, and an import announces none of its
        // leads: no notice per lead to their responsible manager, none to whoever gives leads out.
        (await Sql<long>(
            "SELECT count(*) FROM leads l JOIN users u ON u.id = l.responsible_user_id "
                + $"WHERE lower(u.email) = lower('{TestActor.Employee.Email()}')"
        )).Should().BePositive();
        (await Sql<long>("SELECT count(*) FROM notifications WHERE kind IN ('lead_assigned', 'lead_unassigned')"))
            .Should().Be(0);
        var clients = await Sql<long>("SELECT count(*) FROM clients");
        clients.Should().Be(contacts["created"]!.GetValue<int>() + 1);
        (await AuditActions()).Should().Contain(["amocrm.import_started", "amocrm.import_finished"]);
        // Pages were read by id, 250 at a time, following the next links, and the catch-up read by updated_at.
        _amo.Calls.Should().Contain(c => c.PathAndQuery.StartsWith(
            "/api/v4/leads?limit=250&page=3&order[id]=asc", StringComparison.Ordinal));
        _amo.Calls.Should().Contain(c => c.PathAndQuery.Contains("filter[updated_at][from]", StringComparison.Ordinal));

        // A second import links every record it meets and creates nothing.
        var again = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();
        again.Should().NotBe(id);
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();
        var second = await GetImport(admin, again);
        second["status"]!.GetValue<string>().Should().Be("succeeded");
        Checkpoint(second, "leads")["created"]!.GetValue<int>().Should().Be(0);
        Checkpoint(second, "leads")["linked"]!.GetValue<int>().Should().Be((int)leadCount);
        Checkpoint(second, "contacts")["created"]!.GetValue<int>().Should().Be(0);
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(leadCount);
        (await Sql<long>("SELECT count(*) FROM clients")).Should().Be(clients);
    }

    [Fact]
    public async Task A_crash_in_the_middle_resumes_from_the_checkpoint_without_doubles()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        var preview = await Json(
            await admin.GetAsync("/api/v1/integrations/amocrm/import-preview"),
            HttpStatusCode.OK
        );
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();

        // Two pages of contacts, the page of companies and the first page of leads, then the instance dies.
        (await Runner.RunNextAsync(CancellationToken.None, stopAfterPages: 4)).Should().BeTrue();
        var halfway = await GetImport(admin, id);
        halfway["status"]!.GetValue<string>().Should().Be("running");
        var leads = Checkpoint(halfway, "leads");
        leads["done"]!.GetValue<bool>().Should().BeFalse();
        leads["lastId"]!.GetValue<long>().Should().Be(AmoSeed.FirstLeadId + 249);
        leads["page"]!.GetValue<int>().Should().Be(2);
        var createdBefore = leads["created"]!.GetValue<int>();
        createdBefore.Should().BePositive();
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(createdBefore);

        // While the lease holds, no other instance takes the import; once it runs out, the next claim resumes.
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeFalse();
        await Sql<int>("UPDATE amocrm_imports SET lease_expires_at = now() - interval '1 second' RETURNING 1");
        var leadPagesBefore = LeadPages(1);
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        var done = await GetImport(admin, id);
        done["status"]!.GetValue<string>().Should().Be("succeeded", done.ToJsonString());
        done["attempts"]!.GetValue<int>().Should().Be(2);
        // The page before the checkpoint's was read again; its leads were passed over, not imported twice.
        LeadPages(1).Should().Be(leadPagesBefore + 1);
        var created = Checkpoint(done, "leads")["created"]!.GetValue<int>();
        created.Should().Be(preview["leads"]!["create"]!.GetValue<int>());
        Checkpoint(done, "leads")["read"]!.GetValue<int>().Should().Be(600);
        Checkpoint(done, "contacts")["read"]!.GetValue<int>().Should().Be(480);
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(created);
        (await Sql<long>("SELECT count(*) FROM amocrm_links WHERE entity = 'leads'")).Should().Be(created);
        (await Sql<long>("SELECT count(*) FROM clients"))
            .Should().Be(Checkpoint(done, "contacts")["created"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_catch_up_applies_amoCRMs_changes_to_leads_linked_before_as_the_sync_applies_them()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();

        // Two pages of contacts, the page of companies and the first page of leads, then the instance dies. Every
        // lead is linked with the values it was created with as the ones last synced.
        (await Runner.RunNextAsync(CancellationToken.None, stopAfterPages: 4)).Should().BeTrue();
        (await Sql<long>("SELECT count(*) FROM amocrm_links WHERE entity = 'leads'")).Should().BePositive();
        (await Sql<long>(
            "SELECT count(*) FROM amocrm_links k JOIN leads l ON l.id = k.mak_id WHERE k.entity = 'leads' "
                + "AND k.synced IS DISTINCT FROM jsonb_build_object('status', l.status, 'responsibleUserId', "
                + "l.responsible_user_id::text, 'requestedAmount', to_char(l.requested_amount, 'FM99999999990.00'))"
        )).Should().Be(0);
        var amoId = await Sql<long>("SELECT min(amo_id) FROM amocrm_links WHERE entity = 'leads'");
        var leadId = await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'leads' AND amo_id = {amoId}");

        // Meanwhile a manager mapped to the employee gives the lead to the admin's amoCRM user and changes its price.
        var responsible = _amo.Account.Find("leads", amoId)!["responsible_user_id"]!.GetValue<long>();
        var (amoUser, makUser) = responsible == AmoSeed.FirstUserId
            ? (AmoSeed.FirstUserId + 1, TestActor.Employee)
            : (AmoSeed.FirstUserId, TestActor.Admin);
        await _amo.ChangeLeadAsManagerAsync(
            amoId,
            new JsonObject { ["price"] = 777777L, ["responsible_user_id"] = amoUser },
            AmoSeed.FirstUserId + 1
        );
        await Sql<int>("UPDATE amocrm_imports SET lease_expires_at = now() - interval '1 second' RETURNING 1");
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        (await GetImport(admin, id))["status"]!.GetValue<string>().Should().Be("succeeded");
        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["requestedAmount"]!.GetValue<decimal>().Should().Be(777777m);
        var makUserId = await Sql<Guid>($"SELECT id FROM users WHERE lower(email) = lower('{makUser.Email()}')");
        lead["responsibleUserId"]!.GetValue<Guid>().Should().Be(makUserId);
        // As the amoCRM user who made the change (mapped to the employee), in the lead's history, and the values
        // are the ones synced now: the sync will not send them back.
        var employeeId = await Sql<Guid>(
            $"SELECT id FROM users WHERE lower(email) = lower('{TestActor.Employee.Email()}')"
        );
        (await Sql<Guid>(
            $"SELECT actor_user_id FROM lead_history WHERE lead_id = '{leadId}' AND field = 'requestedAmount' "
                + "AND new_value = '777777.00'"
        )).Should().Be(employeeId);
        (await Sql<string>(
            $"SELECT synced->>'requestedAmount' FROM amocrm_links WHERE entity = 'leads' AND amo_id = {amoId}"
        )).Should().Be("777777.00");
        (await Sql<long>("SELECT count(*) FROM amocrm_links WHERE push_due_at IS NOT NULL")).Should().Be(0);
        (await Sql<long>("SELECT count(*) FROM amocrm_dead_letters")).Should().Be(0);
    }

    [Fact]
    public async Task A_contacts_mapped_city_and_the_mapped_custom_fields_come_with_what_the_import_creates()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        var note = await DefineAsync(admin, "lead", "broker_note", "text");
        var bankDay = await DefineAsync(admin, "lead", "bank_day", "date");
        var position = await DefineAsync(admin, "client", "position", "text");
        await SaveMappingAsync(
            admin,
            Field(AmoSeed.ContactCityFieldId, "city"),
            Field(AmoSeed.ContactPositionFieldId, "custom_field", "contacts", position),
            Field(AmoSeed.BrokerNoteFieldId, "custom_field", "leads", note),
            Field(AmoSeed.BankDateFieldId, "custom_field", "leads", bankDay)
        );
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();
        var done = await GetImport(admin, id);
        done["status"]!.GetValue<string>().Should().Be("succeeded", done.ToJsonString());
        Checkpoint(done, "leads")["deadLettered"]!.GetValue<int>().Should().Be(0);

        // A client has the city and position of the contact that created it (the first of those with its phone).
        var made = await Rows(
            "SELECT min(k.amo_id), c.city, c.custom_fields->>'position' FROM amocrm_links k "
                + "JOIN clients c ON c.id = k.mak_id WHERE k.entity = 'contacts' GROUP BY c.id, c.city, c.custom_fields"
        );
        foreach (var row in made)
        {
            var contact = _amo.Account.Find("contacts", (long)row[0]!)!;
            row[1].Should().Be(Values(contact, AmoSeed.ContactCityFieldId).FirstOrDefault());
            row[2].Should().Be(Values(contact, AmoSeed.ContactPositionFieldId).FirstOrDefault());
        }

        made.Count(r => r[1] is not null).Should().BePositive();
        made.Count(r => r[2] is not null).Should().BePositive();

        // A lead has the note and the day it went to the bank (amoCRM's Unix time, its day in Moscow).
        var leads = await Rows(
            "SELECT k.amo_id, l.custom_fields->>'broker_note', l.custom_fields->>'bank_day' FROM amocrm_links k "
                + "JOIN leads l ON l.id = k.mak_id WHERE k.entity = 'leads'"
        );
        foreach (var row in leads)
        {
            var lead = _amo.Account.Find("leads", (long)row[0]!)!;
            row[1].Should().Be(Values(lead, AmoSeed.BrokerNoteFieldId).FirstOrDefault());
            var sent = (lead["custom_fields_values"] as JsonArray ?? [])
                .FirstOrDefault(f => f!["field_id"]!.GetValue<long>() == AmoSeed.BankDateFieldId)?["values"]![0]![
                    "value"]!.GetValue<long>();
            row[2].Should().Be(
                sent is { } seconds
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(TimeSpan.FromHours(3))
                        .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : null
            );
        }

        leads.Count(r => r[1] is not null).Should().BePositive();
        leads.Count(r => r[2] is not null).Should().BePositive();
    }

    [Fact]
    public async Task A_blocked_account_stops_the_import_at_once_and_a_start_is_refused()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();
        (await Runner.RunNextAsync(CancellationToken.None, stopAfterPages: 2)).Should().BeTrue();
        await Sql<int>("UPDATE amocrm_imports SET lease_expires_at = now() - interval '1 second' RETURNING 1");

        _amo.Blocked = true;
        var callsBefore = _amo.Calls.Count;
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        var calls = _amo.Calls.Skip(callsBefore).ToList();
        calls.Should().ContainSingle("a 403 is not retried").Which.Status.Should().Be(403);
        var stopped = await GetImport(admin, id);
        stopped["status"]!.GetValue<string>().Should().Be("stopped");
        stopped["failure"]!["code"]!.GetValue<string>().Should().Be("amocrm_account_blocked");
        Checkpoint(stopped, "contacts")["done"]!.GetValue<bool>().Should().BeTrue();
        Checkpoint(stopped, "leads")["read"]!.GetValue<int>().Should().Be(0);
        var connection = await Json(await admin.GetAsync("/api/v1/integrations/amocrm/connection"), HttpStatusCode.OK);
        connection["state"]!.GetValue<string>().Should().Be("blocked");
        await ExpectProblem(await Start(admin), HttpStatusCode.Conflict, "amocrm_account_blocked");
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeFalse("a stopped import is not retried");
    }

    [Fact]
    public async Task A_lead_MaK_refuses_is_a_dead_letter_naming_the_field_and_a_retry_imports_it()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        var leadId = ImportableLead();
        Patch(leadId, 2_000_000_000);
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        var done = await GetImport(admin, id);
        done["status"]!.GetValue<string>().Should().Be("succeeded");
        Checkpoint(done, "leads")["deadLettered"]!.GetValue<int>().Should().Be(1);
        var letters = await Json(await admin.GetAsync($"{ImportsPath}/{id}/dead-letters"), HttpStatusCode.OK);
        letters["nextCursor"].Should().BeNull();
        var letter = letters["items"]!.AsArray().Should().ContainSingle().Subject!;
        letter["entity"]!.GetValue<string>().Should().Be("leads");
        letter["amoId"]!.GetValue<long>().Should().Be(leadId);
        letter["field"]!.GetValue<string>().Should().Be("price");
        letter["code"]!.GetValue<string>().Should().Be("validation_failed");
        letter["detail"]!.GetValue<string>().Should().Contain("2000000000");
        JsonNode.Parse(letter["answer"]!.GetValue<string>())!["id"]!.GetValue<long>().Should().Be(leadId);
        letter["resolvedAt"].Should().BeNull();
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE entity = 'leads' AND amo_id = {leadId}"))
            .Should().Be(0);
        var letterId = letter["id"]!.GetValue<Guid>();
        (await Json(await admin.GetAsync($"{ImportsPath}/{id}/dead-letters?resolved=true"), HttpStatusCode.OK))[
            "items"]!.AsArray().Should().BeEmpty();
        await ExpectProblem(
            await admin.GetAsync($"{ImportsPath}/{id}/dead-letters?cursor=nonsense"),
            HttpStatusCode.BadRequest,
            "invalid_cursor"
        );

        // Refused again: the letter keeps the new answer.
        Patch(leadId, 1_500_000_000);
        var again = await Json(await Retry(admin, letterId, Guid.NewGuid().ToString()), HttpStatusCode.OK);
        again["resolvedAt"].Should().BeNull();
        again["attempts"]!.GetValue<int>().Should().Be(letter["attempts"]!.GetValue<int>() + 1);
        again["detail"]!.GetValue<string>().Should().Contain("1500000000");

        // Corrected in amoCRM: the retry imports the lead and resolves the letter; a replay answers the same.
        Patch(leadId, 150_000);
        var key = Guid.NewGuid().ToString();
        using var retried = await Retry(admin, letterId, key);
        var resolved = await Json(retried, HttpStatusCode.OK);
        resolved["resolvedAt"].Should().NotBeNull();
        var makLead = await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'leads' AND amo_id = {leadId}");
        (await Sql<decimal>($"SELECT requested_amount FROM leads WHERE id = '{makLead}'")).Should().Be(150_000m);
        using (var replay = await Retry(admin, letterId, key))
        {
            replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        }

        (await Json(await Retry(admin, letterId, Guid.NewGuid().ToString()), HttpStatusCode.OK))["resolvedAt"]
            .Should().NotBeNull("a resolved letter is answered as it is");
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE entity = 'leads' AND amo_id = {leadId}"))
            .Should().Be(1);
        await ExpectProblem(await Retry(admin, Guid.CreateVersion7(), null), HttpStatusCode.NotFound, "not_found");
        (await AuditActions()).Should().Contain("amocrm.dead_letter_retried");
    }

    [Fact]
    public async Task A_504_halves_the_page_and_every_record_is_still_read_once()
    {
        await _amo.DisposeAsync();
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 200, GatewayTimeoutAbove = 100 }).StartAsync();
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();
        (await Runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        var done = await GetImport(admin, id);
        done["status"]!.GetValue<string>().Should().Be("succeeded", done.ToJsonString());
        Checkpoint(done, "leads")["read"]!.GetValue<int>().Should().Be(200);
        Checkpoint(done, "contacts")["read"]!.GetValue<int>().Should().Be(160);
        _amo.Calls.Should().Contain(c => c.Status == 504 && c.PathAndQuery.Contains("limit=250"));
        _amo.Calls.Should().Contain(c => c.Status == 504 && c.PathAndQuery.Contains("limit=125"));
        _amo.Calls.Should().Contain(c => c.Status == 200 && c.PathAndQuery.StartsWith(
            "/api/v4/leads?limit=62", StringComparison.Ordinal));
        (await Sql<long>("SELECT count(*) FROM amocrm_links WHERE entity = 'leads'"))
            .Should().Be(Checkpoint(done, "leads")["created"]!.GetValue<int>());
    }

    [Fact]
    public async Task Only_head_offices_admin_may_and_an_unknown_import_is_404()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        var id = (await Json(await Start(admin), HttpStatusCode.Accepted))["id"]!.GetValue<Guid>();
        foreach (var actor in new[] { TestActor.Employee, TestActor.PartnerAlpha, TestActor.Franchisee })
        {
            using var http = await server.CreateHttpClientAsync(actor);
            (await Start(http)).StatusCode.Should().Be(HttpStatusCode.Forbidden, actor.ToString());
            (await http.GetAsync($"{ImportsPath}/{id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await http.GetAsync($"{ImportsPath}/{id}/dead-letters")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        await ExpectProblem(await admin.GetAsync($"{ImportsPath}/{Guid.CreateVersion7()}"),
            HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await admin.GetAsync($"{ImportsPath}/{Guid.CreateVersion7()}/dead-letters"),
            HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>The n-th contact (in id order) with a phone, and its phone in E.164.</summary>
    private (long Id, string Phone) ContactWithPhone(int n)
    {
        var contact = Enumerable
            .Range(0, 480)
            .Select(i => _amo.Account.Find("contacts", AmoSeed.FirstContactId + i)!)
            .Where(c => Values(c, AmoSeed.ContactPhoneFieldId).Any(p => PhoneNumber.TryParse(p, out _)))
            .Skip(n)
            .First();
        return (
            contact["id"]!.GetValue<long>(),
            PhoneNumber.Parse(Values(contact, AmoSeed.ContactPhoneFieldId).First(p => PhoneNumber.TryParse(p, out _)))
                .Value
        );
    }

    /// <summary>A lead of the main pipeline whose main contact has a phone: one the import creates.</summary>
    private long ImportableLead()
    {
        foreach (var i in Enumerable.Range(0, 600))
        {
            var lead = _amo.Account.Find("leads", AmoSeed.FirstLeadId + i)!;
            if (lead["pipeline_id"]!.GetValue<long>() != AmoSeed.MainPipelineId
                || lead["_embedded"]?["contacts"] is not JsonArray { Count: > 0 } contacts)
            {
                continue;
            }

            var contact = _amo.Account.Find("contacts", contacts[0]!["id"]!.GetValue<long>())!;
            if (Values(contact, AmoSeed.ContactPhoneFieldId).Any(p => PhoneNumber.TryParse(p, out _)))
            {
                return lead["id"]!.GetValue<long>();
            }
        }

        throw new InvalidOperationException("The seed has no importable lead.");
    }

    private void Patch(long leadId, int price)
    {
        var (_, errors) = _amo.Account.Write(
            "leads",
            // As a string, as amoCRM sends numbers at times: the simulator reads it as a number either way.
            [new JsonObject { ["id"] = leadId, ["price"] = price.ToString(CultureInfo.InvariantCulture) }],
            create: false
        );
        errors.Should().BeEmpty();
    }

    private int LeadPages(int page) =>
        _amo.Calls.Count(c => c.PathAndQuery.StartsWith(
            $"/api/v4/leads?limit=250&page={page}&order[id]=asc", StringComparison.Ordinal));

    private static JsonNode Checkpoint(JsonObject import, string entity) =>
        import["checkpoints"]!.AsArray().Single(c => c!["entity"]!.GetValue<string>() == entity)!;

    private static async Task<JsonObject> GetImport(HttpClient admin, Guid id) =>
        await Json(await admin.GetAsync($"{ImportsPath}/{id}"), HttpStatusCode.OK);

    private static Task<HttpResponseMessage> Start(HttpClient http, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ImportsPath);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Retry(HttpClient http, Guid letterId, string? key)
    {
        var request = new HttpRequestMessage(
            HttpMethod.Post,
            $"/api/v1/integrations/amocrm/dead-letters/{letterId}/retry"
        );
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return http.SendAsync(request);
    }

    private async Task ConnectAsync(HttpClient admin)
    {
        using var connected = await admin.PostAsJsonAsync(
            "/api/v1/integrations/amocrm/connection",
            new { baseUrl = _amo.BaseAddress.ToString(), token = _amo.LongLivedToken }
        );
        connected.StatusCode.Should().Be(HttpStatusCode.Created, await connected.Content.ReadAsStringAsync());
    }

    /// <summary>Every status of the main pipeline to the lead status <c>new</c>, the first amoCRM user to the
    /// admin, the contacts' phone and e-mail (a lead's amount is amoCRM's price), and <paramref name="fields"/>.
    /// </summary>
    private async Task SaveMappingAsync(HttpClient admin, params object[] fields)
    {
        var adminId = await Sql<Guid>($"SELECT id FROM users WHERE lower(email) = lower('{TestActor.Admin.Email()}')");
        var employeeId = await Sql<Guid>(
            $"SELECT id FROM users WHERE lower(email) = lower('{TestActor.Employee.Email()}')"
        );
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/integrations/amocrm/mapping")
        {
            Content = JsonContent.Create(
                new
                {
                    statuses = _amo
                        .Account.Pipelines[0]
                        .Statuses.Select(s => new
                        {
                            amoPipelineId = AmoSeed.MainPipelineId,
                            amoStatusId = s.Id,
                            leadStatus = "new",
                            stageId = (Guid?)null,
                        })
                        .ToArray(),
                    users = new[]
                    {
                        new { amoUserId = AmoSeed.FirstUserId, userId = adminId },
                        new { amoUserId = AmoSeed.FirstUserId + 1, userId = employeeId },
                    },
                    fields = new object[]
                    {
                        Field(AmoSeed.ContactPhoneFieldId, "phone"),
                        Field(AmoSeed.ContactEmailFieldId, "email"),
                    }.Concat(fields),
                }
            ),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        (await admin.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static object Field(long fieldId, string target, string entity = "contacts", Guid? customFieldId = null) =>
        new
        {
            amoFieldId = fieldId,
            entity,
            target,
            customFieldId,
        };

    private static async Task<Guid> DefineAsync(HttpClient admin, string entity, string key, string type) =>
        (
            await Json(
                await admin.PostAsJsonAsync(
                    "/api/v1/custom-field-definitions",
                    new
                    {
                        entity,
                        key,
                        label = key,
                        type,
                    }
                ),
                HttpStatusCode.Created
            )
        )["id"]!.GetValue<Guid>();

    private static async Task<Guid> CreateClientAsync(HttpClient admin, string phone)
    {
        var created = await Json(
            await admin.PostAsJsonAsync(
                "/api/v1/clients",
                new
                {
                    fullName = "Клиент из amoCRM",
                    phone,
                    source = "partner",
                }
            ),
            HttpStatusCode.Created
        );
        return created["id"]!.GetValue<Guid>();
    }

    private static List<string> Values(JsonObject entity, long fieldId) =>
        [
            .. (entity["custom_fields_values"] as JsonArray ?? [])
                .Where(f => f!["field_id"]!.GetValue<long>() == fieldId)
                .SelectMany(f => f!["values"]!.AsArray())
                .Select(v => v!["value"]!.GetValue<string>()),
        ];

    private async Task<List<object?[]>> Rows(string sql)
    {
        await using var command = server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private async Task<T> Sql<T>(string sql)
    {
        await using var command = server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task<List<string>> AuditActions() => AmoCrmAnswers.AuditActions(server.Services);
}
