using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;
using MakCrm.Infrastructure.AmoCrm;
using MakCrm.Infrastructure.Events;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static MakCrm.IntegrationTests.AmoCrm.AmoCrmAnswers;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// The live sync over real HTTP both ways: the simulator delivers its webhooks in amoCRM's form encoding to MaK's
/// endpoint, the inbox worker reads the leads again and applies them, the outbox writes MaK's changes back; a status
/// move in amoCRM comes into MaK, a delivery twice changes nothing twice, our own write's webhook changes nothing and
/// makes no second write, a move MaK's transitions refuse is a recorded conflict and MaK's status goes back, and a
/// field both sides changed is decided by its direction and recorded.
/// </summary>
public sealed class AmoCrmSyncApiTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private const string SyncPath = "/api/v1/integrations/amocrm/sync";
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 60 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    private AmoCrmSyncRunner Runner => server.Services.GetRequiredService<AmoCrmSyncRunner>();

    private IReadOnlyList<AmoStatus> Statuses => _amo.Account.Pipelines[0].Statuses;

    [Fact]
    public async Task A_status_move_in_amoCRM_comes_into_MaK_once_even_delivered_twice_and_is_not_written_back()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        _amo.Webhooks.Duplicate = true;

        await _amo.ChangeLeadAsManagerAsync(amoId, Move(Statuses[2].Id));

        (await Sql<long>("SELECT count(*) FROM amocrm_inbox WHERE processed_at IS NULL")).Should().Be(2);
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        state["inboxPending"]!.GetValue<int>().Should().Be(2);
        state["oldestInboxAt"].Should().NotBeNull();
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(2);

        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["status"]!.GetValue<string>().Should().Be("in_progress");
        (await Sql<long>(
            $"SELECT count(*) FROM lead_history WHERE lead_id = '{leadId}' AND field = 'status' "
                + "AND new_value = 'in_progress'"))
            .Should().Be(1, "a delivery applied twice changes the lead once");
        // The lead was read again through the API by its id, never trusted from the form.
        _amo.Calls.Should().ContainSingle(c => c.Method == "GET"
            && c.PathAndQuery.Contains($"filter[id][]={amoId}", StringComparison.Ordinal));

        // The move was amoCRM's: MaK's change that followed is not written back.
        await DrainFeedAsync();
        _amo.Calls.Should().NotContain(c => c.Method == "PATCH");
        state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["inboxPending"]!.GetValue<int>(), state["outboxPending"]!.GetValue<int>()).Should().Be((0, 0));
        state["lastInboundAt"].Should().NotBeNull();
    }

    [Fact]
    public async Task Leads_a_manager_moved_are_applied_together_and_one_MaK_cannot_write_holds_back_no_other()
    {
        using var admin = await StartedAsync();
        var (held, heldLeadId) = await LeadAsync("new");
        var (moved, movedLeadId) = await LeadAsync("new", skip: 1);
        await _amo.ChangeLeadAsManagerAsync(held, Move(Statuses[2].Id));
        await _amo.ChangeLeadAsManagerAsync(moved, Move(Statuses[2].Id));

        // The first lead's row takes no write, as when a MaK user changed it meanwhile: the unit of work of both fails,
        // and each is applied on its own then.
        await ExecuteAsync(
            "CREATE FUNCTION skip_lead_update() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';"
                + "CREATE TRIGGER skip_lead_update BEFORE UPDATE ON leads FOR EACH ROW "
                + $"WHEN (OLD.id = '{heldLeadId}') EXECUTE FUNCTION skip_lead_update()");
        try
        {
            (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(0, "a lead they name was refused");
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER skip_lead_update ON leads; DROP FUNCTION skip_lead_update()");
        }

        (await Json(await admin.GetAsync($"/api/v1/leads/{movedLeadId}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("in_progress");
        (await Json(await admin.GetAsync($"/api/v1/leads/{heldLeadId}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("new");
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox WHERE processed_at IS NULL AND attempts = 1 "
                + $"AND failure LIKE '%lead {held} could not be applied%'"))
            .Should().Be(2, "the deliveries are tried again, naming the lead MaK refused");

        // Their next attempt applies the refused lead, and the other once only.
        await ExecuteAsync("UPDATE amocrm_inbox SET lease_expires_at = NULL");
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(2);
        (await Json(await admin.GetAsync($"/api/v1/leads/{heldLeadId}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("in_progress");
        (await Sql<long>(
            $"SELECT count(*) FROM lead_history WHERE lead_id = '{movedLeadId}' AND field = 'status' "
                + "AND new_value = 'in_progress'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Deliveries_late_out_of_order_and_twice_change_the_lead_once_to_amoCRMs_latest_values()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        _amo.Webhooks.Duplicate = true;
        _amo.Webhooks.Hold();
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(Statuses[2].Id));
        await _amo.ChangeLeadAsManagerAsync(amoId, new JsonObject { ["price"] = 555000L });
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox")).Should().Be(0, "the deliveries are held");

        // The price's deliveries arrive before the move's, late, and each twice.
        _amo.Webhooks.Delay = TimeSpan.FromMilliseconds(200);
        await _amo.Webhooks.ReleaseAsync(reversed: true);
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox WHERE processed_at IS NULL")).Should().Be(4);
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(4);

        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        (lead["status"]!.GetValue<string>(), lead["requestedAmount"]!.GetValue<decimal>())
            .Should().Be(("in_progress", 555000m));
        (await Sql<long>($"SELECT count(*) FROM lead_history WHERE lead_id = '{leadId}' AND field = 'status' "
                + "AND new_value = 'in_progress'"))
            .Should().Be(1, "one move however its deliveries came");
        await DrainFeedAsync();
        _amo.Calls.Should().NotContain(c => c.Method == "PATCH");
    }

    [Fact]
    public async Task A_change_in_MaK_is_written_to_amoCRM_once_and_its_webhook_changes_nothing()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        var responsible = _amo.Account.Find("leads", amoId)!["responsible_user_id"]!.GetValue<long>();

        await PatchLeadAsync(admin, leadId, new { status = "in_progress", requestedAmount = 777000 });
        await DrainFeedAsync();

        var patches = _amo.Calls.Where(c => c.Method == "PATCH").ToList();
        patches.Should().ContainSingle().Which.PathAndQuery.Should().Be("/api/v4/leads");
        var amoLead = _amo.Account.Find("leads", amoId)!;
        amoLead["status_id"]!.GetValue<long>().Should().Be(Statuses[2].Id);
        amoLead["price"]!.GetValue<long>().Should().Be(777000);
        amoLead["responsible_user_id"]!.GetValue<long>().Should().Be(responsible, "only changed fields are sent");
        var version = await Sql<int>($"SELECT version FROM leads WHERE id = '{leadId}'");

        // amoCRM sends the webhook of our own write: it carries the values just synced, so the lead is not even read
        // again, and nothing changes.
        await _amo.Webhooks.DeliveredAsync();
        _amo.Webhooks.Sent.Should().NotBeEmpty();
        bool ReadsTheLead(AmoCall c) =>
            c.Method == "GET" && c.PathAndQuery.Contains($"filter[id][]={amoId}", StringComparison.Ordinal);
        var reads = _amo.Calls.Count(ReadsTheLead);
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().BeGreaterThan(0);
        _amo.Calls.Count(ReadsTheLead).Should().Be(reads);
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox WHERE processed_at IS NULL")).Should().Be(0);
        (await Sql<int>($"SELECT version FROM leads WHERE id = '{leadId}'")).Should().Be(version);
        await DrainFeedAsync();
        _amo.Calls.Count(c => c.Method == "PATCH").Should().Be(1, "no second write");
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        state["lastOutboundAt"].Should().NotBeNull();
        (await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts"), HttpStatusCode.OK))["items"]!
            .AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_lead_made_in_MaK_appears_in_amoCRM_with_its_contact_and_its_status_move_there_comes_back()
    {
        using var admin = await StartedAsync();
        using var partner = await server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var franchisee = await server.CreateHttpClientAsync(TestActor.Franchisee);
        var (clientId, leadId) =
            await NewLeadAsync(partner, "Пётр Новиков", "+79001234567", "petr@example.com");
        var (_, franchiseeLeadId) = await NewLeadAsync(franchisee, "Анна Франчайзи", "+79001234568", null);
        // A client imported from amoCRM keeps its contact there.
        var importedClientId = await Sql<Guid>(
            "SELECT k.mak_id FROM amocrm_links k WHERE k.entity = 'contacts' "
                + "AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.client_id = k.mak_id) ORDER BY k.amo_id LIMIT 1");
        var importedContact = await Sql<long>(
            $"SELECT min(amo_id) FROM amocrm_links WHERE entity = 'contacts' AND mak_id = '{importedClientId}'");
        var importedLeadId = await LeadOfAsync(admin, importedClientId);
        var contacts = _amo.Account.Count("contacts");

        await DrainFeedAsync();

        _amo.Calls.Where(c => c.Method == "POST"
                && c.PathAndQuery.StartsWith("/api/v4/leads", StringComparison.Ordinal))
            .Select(c => c.PathAndQuery).Should().Equal("/api/v4/leads/complex");
        var amoId = await Sql<long>($"SELECT amo_id FROM amocrm_links WHERE entity = 'leads' AND mak_id = '{leadId}'");
        var amoLead = _amo.Account.Find("leads", amoId)!;
        (amoLead["name"]!.GetValue<string>(), amoLead["price"]!.GetValue<long>())
            .Should().Be(("Пётр Новиков", 450000));
        (amoLead["pipeline_id"]!.GetValue<long>(), amoLead["status_id"]!.GetValue<long>())
            .Should().Be((AmoSeed.MainPipelineId, Statuses[0].Id), "MaK's status as the mapping gives it");
        var contactId = amoLead["_embedded"]!["contacts"]![0]!["id"]!.GetValue<long>();
        var contact = _amo.Account.Find("contacts", contactId)!;
        contact["name"]!.GetValue<string>().Should().Be("Пётр Новиков");
        contact["custom_fields_values"]!.AsArray().SelectMany(f => f!["values"]!.AsArray())
            .Select(v => v!["value"]!.GetValue<string>()).Should().Equal("+79001234567", "petr@example.com");
        (await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'contacts' AND amo_id = {contactId}"))
            .Should().Be(clientId);
        var importedAmoId = await Sql<long>(
            $"SELECT amo_id FROM amocrm_links WHERE entity = 'leads' AND mak_id = '{importedLeadId}'");
        _amo.Account.Find("leads", importedAmoId)!["_embedded"]!["contacts"]![0]!["id"]!.GetValue<long>()
            .Should().Be(importedContact);
        _amo.Account.Count("contacts").Should().Be(contacts + 1, "only the new client is a new contact");
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE mak_id = '{franchiseeLeadId}'"))
            .Should().Be(0, "a franchisee's leads stay in its own CRM");
        (await Sql<long>("SELECT count(*) FROM amocrm_lead_creates")).Should().Be(0);

        // amoCRM's webhook of the creation finds it as synced: nothing changes.
        await _amo.Webhooks.DeliveredAsync();
        _amo.Webhooks.Sent.Should().Contain(b => b.StartsWith("leads%5Badd%5D", StringComparison.Ordinal));
        var version = await Sql<int>($"SELECT version FROM leads WHERE id = '{leadId}'");
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().BePositive();
        (await Sql<int>($"SELECT version FROM leads WHERE id = '{leadId}'")).Should().Be(version);

        // A manager moves it in amoCRM: the move comes back, and nothing goes out again.
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(Statuses[2].Id));
        await Runner.ApplyInboxAsync(CancellationToken.None);
        (await Json(await partner.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("in_progress");
        await DrainFeedAsync();
        _amo.Calls.Count(c => c.Method is "POST" or "PATCH" && c.PathAndQuery.StartsWith("/api/v4/leads",
            StringComparison.Ordinal)).Should().Be(1);
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["outboxPending"]!.GetValue<int>(), state["outboxFailed"]!.GetValue<int>()).Should().Be((0, 0));
        state["lastOutboundAt"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_lead_a_manager_makes_in_amoCRM_comes_into_MaK_once_with_its_contact_as_the_client()
    {
        using var admin = await StartedAsync();
        var importedClientId = await Sql<Guid>(
            "SELECT k.mak_id FROM amocrm_links k WHERE k.entity = 'contacts' "
                + "AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.client_id = k.mak_id) ORDER BY k.amo_id LIMIT 1");
        var importedContact = await Sql<long>(
            $"SELECT min(amo_id) FROM amocrm_links WHERE entity = 'contacts' AND mak_id = '{importedClientId}'");
        var leads = await Sql<long>("SELECT count(*) FROM leads");
        var clients = await Sql<long>("SELECT count(*) FROM clients");
        _amo.Webhooks.Duplicate = true;

        // One lead with a new contact, one for a contact the import linked to a client.
        var ids = await _amo.CreateLeadsAsManagerAsync(
            [
                NewAmoLead("Ипотека", 900000, Statuses[2].Id, new JsonObject
                {
                    ["name"] = "Мария Сидорова",
                    ["custom_fields_values"] = new JsonArray(new JsonObject
                    {
                        ["field_id"] = AmoSeed.ContactPhoneFieldId,
                        ["values"] = new JsonArray(new JsonObject { ["value"] = "+79005550011" }),
                    }),
                }),
                NewAmoLead("Повторное обращение", 0, Statuses[0].Id,
                    new JsonObject { ["id"] = importedContact }),
            ]);
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(4, "each creation was delivered twice");

        var first = await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'leads' AND amo_id = {ids[0]}");
        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{first}"), HttpStatusCode.OK);
        (lead["status"]!.GetValue<string>(), lead["requestedAmount"]!.GetValue<decimal>())
            .Should().Be(("in_progress", 900000m));
        lead["organizationId"]!.GetValue<Guid>().Should().Be(Domain.Organizations.Organization.HeadOfficeId);
        var client = await Json(
            await admin.GetAsync($"/api/v1/clients/{lead["clientId"]!.GetValue<Guid>()}"), HttpStatusCode.OK);
        (client["fullName"]!.GetValue<string>(), client["phone"]!.GetValue<string>())
            .Should().Be(("Мария Сидорова", "+79005550011"));
        var contactId = _amo.Account.Find("leads", ids[0])!["_embedded"]!["contacts"]![0]!["id"]!.GetValue<long>();
        (await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'contacts' AND amo_id = {contactId}"))
            .Should().Be(client["id"]!.GetValue<Guid>());
        var second = await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'leads' AND amo_id = {ids[1]}");
        (await Json(await admin.GetAsync($"/api/v1/leads/{second}"), HttpStatusCode.OK))["clientId"]!
            .GetValue<Guid>().Should().Be(importedClientId, "the contact's client, never a duplicate");
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(leads + 2, "each lead once, delivered twice");
        (await Sql<long>("SELECT count(*) FROM clients")).Should().Be(clients + 1);

        // The poll reads them again and makes nothing twice; nothing of theirs goes back to amoCRM.
        (await Runner.PollAsync(CancellationToken.None)).Should().BePositive();
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(leads + 2);
        await DrainFeedAsync();
        _amo.Calls.Where(c => c.Method != "GET" && c.PathAndQuery.StartsWith("/api/v4/leads", StringComparison.Ordinal))
            .Should().BeEmpty();

        // A manager moves the new lead: the move comes into MaK as any linked lead's does.
        await _amo.ChangeLeadAsManagerAsync(ids[0], Move(Statuses[3].Id));
        await Runner.ApplyInboxAsync(CancellationToken.None);
        (await Json(await admin.GetAsync($"/api/v1/leads/{first}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("approved");
    }

    [Fact]
    public async Task A_lead_made_in_amoCRM_whose_webhook_was_lost_is_brought_in_by_the_poll_unless_MaK_refuses_it()
    {
        using var admin = await StartedAsync();
        var contact = await Sql<long>(
            "SELECT min(k.amo_id) FROM amocrm_links k WHERE k.entity = 'contacts' "
                + "AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.client_id = k.mak_id)");
        _amo.Webhooks.DropNext(2);
        var ids = await _amo.CreateLeadsAsManagerAsync(
            [
                NewAmoLead("Потерянный вебхук", 300000, Statuses[0].Id,
                    new JsonObject { ["id"] = contact }),
                NewAmoLead("Слишком большая сумма", 2_000_000_000, Statuses[0].Id,
                    new JsonObject { ["id"] = contact }),
            ]);
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox")).Should().Be(0, "both deliveries were lost");

        (await Runner.PollAsync(CancellationToken.None)).Should().BePositive();
        var made = await Sql<Guid>($"SELECT mak_id FROM amocrm_links WHERE entity = 'leads' AND amo_id = {ids[0]}");
        (await Json(await admin.GetAsync($"/api/v1/leads/{made}"), HttpStatusCode.OK))["requestedAmount"]!
            .GetValue<decimal>().Should().Be(300000m);
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE entity = 'leads' AND amo_id = {ids[1]}"))
            .Should().Be(0, "an amount MaK does not take leaves the lead out, to be tried again on its next change");
    }

    [Fact]
    public async Task Once_a_day_the_sync_compares_each_pipeline_and_brings_in_what_the_webhooks_and_the_poll_missed()
    {
        using var admin = await StartedAsync();
        (await Runner.ReconcileAsync(CancellationToken.None)).Should().Be(0, "the first is due a day after the start");
        var contact = await Sql<long>(
            "SELECT min(k.amo_id) FROM amocrm_links k WHERE k.entity = 'contacts' "
                + "AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.client_id = k.mak_id)");
        _amo.Webhooks.DropNext();
        var ids = await _amo.CreateLeadsAsManagerAsync(
            [NewAmoLead("Пропущенная", 300000, Statuses[0].Id, new JsonObject { ["id"] = contact })]);
        // A linked lead deleted in amoCRM: MaK keeps it, and the comparison counts it.
        var (deleted, _) = await LeadAsync("new");
        _amo.Account.Delete("leads", deleted);
        (await Sql<long>(
            "WITH due AS (UPDATE amocrm_syncs SET reconcile_due_at = now() - interval '1 second' RETURNING 1) "
                + "SELECT count(*) FROM due")).Should().Be(1, "a day has passed");

        (await Runner.ReconcileAsync(CancellationToken.None)).Should().BePositive();
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE entity = 'leads' AND amo_id = {ids[0]}"))
            .Should().Be(1, "the lead the webhook missed is brought in");
        var main = _amo.Account.List(
                "leads", new EntityQuery(1, 100_000, [], [AmoSeed.MainPipelineId], null, null, "id", false))
            .Page.Select(l => l["id"]!.GetValue<long>()).ToList();
        var linked = await Sql<long>(
            $"SELECT count(*) FROM amocrm_links WHERE entity = 'leads' AND amo_id IN ({string.Join(',', main)})");
        var last = (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["lastReconciliation"]!;
        var counted = last["pipelines"]!.AsArray()
            .Single(p => p!["pipelineId"]!.GetValue<long>() == AmoSeed.MainPipelineId)!;
        (counted["inAmoCrm"]!.GetValue<int>(), counted["inMak"]!.GetValue<int>(), counted["broughtIn"]!.GetValue<int>())
            .Should().Be((main.Count, (int)linked, 1));
        last["missingInAmoCrm"]!.GetValue<int>().Should().Be(1);
        last["at"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));

        // The next is due a day later.
        (await Runner.ReconcileAsync(CancellationToken.None)).Should().Be(0);
        (await Sql<DateTime>("SELECT reconcile_due_at FROM amocrm_syncs"))
            .Should().BeAfter(DateTime.UtcNow.AddHours(23));
    }

    /// <summary>A lead as <c>leads/complex</c> takes it, in the main pipeline, with its contact.</summary>
    private static JsonObject NewAmoLead(string name, long price, long statusId, JsonObject contact) =>
        new()
        {
            ["name"] = name,
            ["price"] = price,
            ["pipeline_id"] = AmoSeed.MainPipelineId,
            ["status_id"] = statusId,
            ["_embedded"] = new JsonObject { ["contacts"] = new JsonArray(contact) },
        };

    [Fact]
    public async Task A_lead_amoCRM_refuses_to_create_is_set_aside_listed_told_and_created_on_a_retry()
    {
        using var admin = await StartedAsync();
        using var partner = await server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var adminId = await Sql<Guid>($"SELECT id FROM users WHERE lower(email) = lower('{TestActor.Admin.Email()}')");
        // The admin is mapped to an amoCRM user the account no longer has.
        var (_, refusedLeadId) =
            await NewLeadAsync(admin, "Отказ Отказович", "+79001234569", null, adminId);
        var (_, createdLeadId) = await NewLeadAsync(partner, "Принят Принятович", "+79001234570", null);
        var user = _amo.Account.Users.Single(u => u.Id == AmoSeed.FirstUserId);
        _amo.Account.Users.Remove(user);

        await DrainFeedAsync();

        _amo.Calls.Where(c => c.PathAndQuery == "/api/v4/leads/complex").Select(c => c.Status)
            .Should().Equal(400, 200);
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE mak_id = '{createdLeadId}'")).Should().Be(1);
        var failure = (await Json(await admin.GetAsync($"{SyncPath}/failures"), HttpStatusCode.OK))["items"]!
            .AsArray().Should().ContainSingle().Subject!;
        (failure["kind"]!.GetValue<string>(), failure["state"]!.GetValue<string>()).Should().Be(("write", "failed"));
        failure["amoIds"]!.AsArray().Should().BeEmpty("amoCRM has no such lead");
        failure["leadIds"]!.AsArray().Select(i => i!.GetValue<Guid>()).Should().Equal(refusedLeadId);
        failure["reason"]!.GetValue<string>().Should().Contain("responsible_user_id");
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["outboxPending"]!.GetValue<int>(), state["outboxFailed"]!.GetValue<int>()).Should().Be((0, 1));
        var told = await IntegrationFailures(server.Services);
        told.Select(t => t.Recipient).Should().BeEquivalentTo(await IntegrationManagers(server.Services));
        told.Should().OnlyContain(t => t.Title == "amoCRM: сделки не созданы");

        // The user back in amoCRM, a retry creates it.
        _amo.Account.Users.Add(user);
        (await Json(await admin.PostAsync($"{SyncPath}/failures/{failure["id"]}/retry", null),
            HttpStatusCode.Accepted))["state"]!.GetValue<string>().Should().Be("retrying");
        await DrainFeedAsync();
        var amoId = await Sql<long>(
            $"SELECT amo_id FROM amocrm_links WHERE entity = 'leads' AND mak_id = '{refusedLeadId}'");
        _amo.Account.Find("leads", amoId)!["responsible_user_id"]!.GetValue<long>().Should().Be(AmoSeed.FirstUserId);
        (await Json(await admin.GetAsync($"{SyncPath}/failures"), HttpStatusCode.OK))["items"]!.AsArray()
            .Should().BeEmpty();
    }

    [Fact]
    public async Task After_a_pause_longer_than_the_feed_keeps_everything_is_reconciled_before_the_sync_goes_on()
    {
        using var admin = await StartedAsync();
        using var partner = await server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (amoId, leadId) = await LeadAsync("new");
        (await admin.PostAsync($"{SyncPath}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await PatchLeadAsync(admin, leadId, new { status = "in_progress", requestedAmount = 777000 });
        var (_, newLeadId) = await NewLeadAsync(partner, "Долгая Пауза", "+79001234571", null);

        // The workers were down while the feed's purge took the events the outbox had not read.
        await SequencedAsync();
        await server.Services.GetRequiredService<EventRetention>()
            .PurgeAsync(DateTimeOffset.UtcNow.AddDays(1), 100_000, CancellationToken.None);
        (await Sql<long>("SELECT count(*) FROM events")).Should().Be(0);
        (await admin.PostAsync($"{SyncPath}/resume", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        await DrainFeedAsync();

        var amoLead = _amo.Account.Find("leads", amoId)!;
        (amoLead["status_id"]!.GetValue<long>(), amoLead["price"]!.GetValue<long>())
            .Should().Be((Statuses[2].Id, 777000));
        _amo.Calls.Count(c => c.Method == "PATCH").Should().Be(1, "only the lead that differs is written");
        (await Sql<long>($"SELECT count(*) FROM amocrm_links WHERE entity = 'leads' AND mak_id = '{newLeadId}'"))
            .Should().Be(1, "a lead made while the feed lost its event is created");
        (await Sql<long>("SELECT count(*) FROM amocrm_links WHERE push_due_at IS NOT NULL")).Should().Be(0);
        (await Sql<long>("SELECT feed_cursor FROM amocrm_syncs"))
            .Should().Be(await Sql<long>("SELECT purged_through FROM event_horizon"));
    }

    [Fact]
    public async Task A_move_MaKs_transitions_refuse_is_a_conflict_and_MaKs_status_goes_back()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");

        // "new" may not move to "approved" in MaK.
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(Statuses[3].Id));
        await Runner.ApplyInboxAsync(CancellationToken.None);

        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["status"]!.GetValue<string>().Should().Be("new");
        var conflicts = await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts"), HttpStatusCode.OK);
        var conflict = conflicts["items"]!.AsArray().Should().ContainSingle().Subject!;
        conflict["reason"]!.GetValue<string>().Should().Be("transition_refused");
        conflict["winner"]!.GetValue<string>().Should().Be("mak");
        conflict["field"]!.GetValue<string>().Should().Be("status");
        (conflict["makValue"]!.GetValue<string>(), conflict["amoValue"]!.GetValue<string>())
            .Should().Be(("new", "approved"));
        conflict["amoId"]!.GetValue<long>().Should().Be(amoId);
        conflict["makId"]!.GetValue<Guid>().Should().Be(leadId);

        await DrainFeedAsync();
        var back = _amo.Account.Find("leads", amoId)!["status_id"]!.GetValue<long>();
        back.Should().Be(Statuses[0].Id, "MaK's status is written back as the first amoCRM status mapped to it");

        // That write's own webhook changes nothing more.
        await _amo.Webhooks.DeliveredAsync();
        await Runner.ApplyInboxAsync(CancellationToken.None);
        await DrainFeedAsync();
        _amo.Calls.Count(c => c.Method == "PATCH").Should().Be(1);
        (await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts"), HttpStatusCode.OK))["items"]!
            .AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task A_change_MaK_made_between_the_import_and_the_start_goes_out_and_is_not_undone_by_amoCRM()
    {
        using var admin = await ImportedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        // MaK moves the lead before the sync starts, so no event after the feed cursor names it.
        await PatchLeadAsync(admin, leadId, new { status = "in_progress" });
        (await Start(admin)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["outboxPending"]!.GetValue<int>()
            .Should().Be(1);

        // amoCRM then changes only the price: its status, unchanged since the import, is not taken for a change.
        await _amo.ChangeLeadAsManagerAsync(amoId, new JsonObject { ["price"] = 640000L });
        await Runner.ApplyInboxAsync(CancellationToken.None);
        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["status"]!.GetValue<string>().Should().Be("in_progress");
        lead["requestedAmount"]!.GetValue<decimal>().Should().Be(640000m);
        (await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts"), HttpStatusCode.OK))["items"]!
            .AsArray().Should().BeEmpty();

        // MaK's move goes to amoCRM, once.
        await DrainFeedAsync();
        _amo.Calls.Should().ContainSingle(c => c.Method == "PATCH");
        _amo.Account.Find("leads", amoId)!["status_id"]!.GetValue<long>().Should().Be(Statuses[2].Id);
        _amo.Account.Find("leads", amoId)!["price"]!.GetValue<long>().Should().Be(640000);
    }

    [Fact]
    public async Task A_change_whose_webhook_was_lost_is_caught_up_by_the_poll_and_a_pause_stops_it()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        _amo.Webhooks.DropNext();
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(Statuses[2].Id));
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox")).Should().Be(0, "that delivery was lost");
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(0);

        (await Runner.PollAsync(CancellationToken.None)).Should().BePositive();
        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["status"]!.GetValue<string>().Should().Be("in_progress");
        // It read the leads changed since the sync's start, less a minute, oldest first, and moved on to the change.
        var since = await Sql<DateTime>("SELECT started_at FROM amocrm_syncs");
        var from = new DateTimeOffset(since, TimeSpan.Zero).AddMinutes(-1).ToUnixTimeSeconds();
        _amo.Calls.Should().Contain(c => c.PathAndQuery.Contains(
            $"filter[updated_at][from]={from}&order[updated_at]=asc", StringComparison.Ordinal));
        var amoUpdatedAt = _amo.Account.Find("leads", amoId)!["updated_at"]!.GetValue<long>();
        (await Sql<DateTime>("SELECT polled_through FROM amocrm_syncs"))
            .Should().BeOnOrAfter(DateTimeOffset.FromUnixTimeSeconds(amoUpdatedAt).UtcDateTime);
        (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["lastInboundAt"].Should().NotBeNull();

        // A second poll reads from there (less the minute) and changes nothing again; a paused sync does not poll.
        (await Runner.PollAsync(CancellationToken.None)).Should().BePositive();
        (await Sql<long>(
            $"SELECT count(*) FROM lead_history WHERE lead_id = '{leadId}' AND field = 'status'"
                + " AND new_value = 'in_progress'"
        )).Should().Be(1);
        (await admin.PostAsync($"{SyncPath}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var calls = _amo.Calls.Count;
        (await Runner.PollAsync(CancellationToken.None)).Should().Be(0);
        _amo.Calls.Count.Should().Be(calls);
    }

    [Fact]
    public async Task A_contact_change_whose_webhook_was_lost_is_caught_up_by_the_poll_and_not_written_back()
    {
        using var admin = await StartedAsync();
        var (amoId, clientId) = await ContactAsync();
        _amo.Webhooks.DropNext();
        await _amo.ChangeContactAsManagerAsync(amoId, Multitext(AmoSeed.ContactPhoneFieldId, "8 (916) 000-00-05"));
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox")).Should().Be(0, "that delivery was lost");
        var audit = $"SELECT count(*) FROM audit_events WHERE entity_id = '{clientId}'";
        var audited = await Sql<long>(audit);

        (await Runner.PollAsync(CancellationToken.None)).Should().BePositive();
        (await Sql<long>(audit)).Should().Be(audited + 1, "the change is audited as an edit is");
        (await Json(await admin.GetAsync($"/api/v1/clients/{clientId}"), HttpStatusCode.OK))["phone"]!
            .GetValue<string>().Should().Be("+79160000005");
        _amo.Calls.Should().Contain(c => c.PathAndQuery.StartsWith("/api/v4/contacts?", StringComparison.Ordinal)
            && c.PathAndQuery.Contains("&order[updated_at]=asc", StringComparison.Ordinal));
        var amoUpdatedAt = _amo.Account.Find("contacts", amoId)!["updated_at"]!.GetValue<long>();
        (await Sql<DateTime>("SELECT polled_through FROM amocrm_syncs"))
            .Should().BeOnOrAfter(DateTimeOffset.FromUnixTimeSeconds(amoUpdatedAt).UtcDateTime);

        // The client now holds amoCRM's phone: nothing goes back, and a second poll changes nothing again.
        await DrainFeedAsync();
        _amo.Calls.Should().NotContain(c => c.Method == "PATCH");
        (await Runner.PollAsync(CancellationToken.None)).Should().BePositive();
        (await Sql<long>(audit)).Should().Be(audited + 1);
    }

    [Fact]
    public async Task A_write_amoCRM_refuses_is_set_aside_with_its_answer_and_does_not_hold_up_the_others()
    {
        using var admin = await StartedAsync();
        var (gone, goneLeadId) = await LeadAsync("new");
        var (kept, keptLeadId) = await LeadAsync("new", skip: 1);
        _amo.Account.Delete("leads", gone);
        await PatchLeadAsync(admin, goneLeadId, new { status = "in_progress" });
        await PatchLeadAsync(admin, keptLeadId, new { status = "in_progress" });

        // amoCRM refuses the batch for the deleted lead; the other lead goes in the next batch.
        await DrainFeedAsync();
        _amo.Calls.Where(c => c.Method == "PATCH").Select(c => c.Status).Should().Equal(400, 200);
        _amo.Account.Find("leads", kept)!["status_id"]!.GetValue<long>().Should().Be(Statuses[2].Id);
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["outboxPending"]!.GetValue<int>(), state["outboxFailed"]!.GetValue<int>()).Should().Be((0, 1));
        (await Sql<string>($"SELECT push_failure FROM amocrm_links WHERE entity = 'leads' AND amo_id = {gone}"))
            .Should().Be("id: Entity not found. (NotFound)");
        var managers = await IntegrationManagers(server.Services);
        var told = await IntegrationFailures(server.Services);
        told.Select(t => t.Recipient).Should().BeEquivalentTo(managers).And.NotBeEmpty();
        told.Should().OnlyContain(t => t.Body.Contains("id: Entity not found. (NotFound)"));

        // A resume writes it again: still refused, still set aside, and nothing else is held up.
        (await admin.PostAsync($"{SyncPath}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"{SyncPath}/resume", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["outboxPending"]!.GetValue<int>()
            .Should().Be(1);
        await DrainFeedAsync();
        _amo.Calls.Where(c => c.Method == "PATCH").Select(c => c.Status).Should().Equal(400, 200, 400);
        state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["outboxPending"]!.GetValue<int>(), state["outboxFailed"]!.GetValue<int>()).Should().Be((0, 1));
        (await IntegrationFailures(server.Services)).Should().HaveCount(managers.Count, "a refusal is told once");
    }

    [Fact]
    public async Task A_field_both_sides_changed_is_decided_by_its_direction_and_recorded()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");

        // The amount is MaK's: both change it before either side hears of the other.
        _amo.Webhooks.DropNext();
        await PatchLeadAsync(admin, leadId, new { requestedAmount = 500000 });
        await _amo.ChangeLeadAsManagerAsync(amoId, new JsonObject { ["price"] = 600000L });
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox")).Should().Be(0, "that delivery was lost");
        // The status is amoCRM's: MaK moves it to in_progress, amoCRM to rejected.
        await PatchLeadAsync(admin, leadId, new { status = "in_progress" });
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(AmoAccount.LostStatusId));
        await Runner.ApplyInboxAsync(CancellationToken.None);

        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["requestedAmount"]!.GetValue<decimal>().Should().Be(500000m);
        lead["status"]!.GetValue<string>().Should().Be("rejected");
        var conflicts = (await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts?limit=1"),
            HttpStatusCode.OK));
        conflicts["items"]!.AsArray().Should().HaveCount(1);
        var next = conflicts["nextCursor"]!.GetValue<string>();
        var rest = await Json(await admin.GetAsync($"/api/v1/integrations/amocrm/conflicts?cursor={next}"),
            HttpStatusCode.OK);
        var all = conflicts["items"]!.AsArray().Concat(rest["items"]!.AsArray())
            .ToDictionary(c => c!["field"]!.GetValue<string>());
        all.Keys.Should().BeEquivalentTo("status", "requestedAmount");
        all["status"]!["winner"]!.GetValue<string>().Should().Be("amocrm");
        all["status"]!["direction"]!.GetValue<string>().Should().Be("amocrm");
        all["requestedAmount"]!["winner"]!.GetValue<string>().Should().Be("mak");
        var amount = all["requestedAmount"]!;
        (amount["makValue"]!.GetValue<string>(), amount["amoValue"]!.GetValue<string>())
            .Should().Be(("500000.00", "600000.00"));
        all.Values.Should().OnlyContain(c => c!["reason"]!.GetValue<string>() == "both_changed");

        // MaK's amount goes to amoCRM; amoCRM's status stays.
        await DrainFeedAsync();
        var amoLead = _amo.Account.Find("leads", amoId)!;
        amoLead["price"]!.GetValue<long>().Should().Be(500000);
        amoLead["status_id"]!.GetValue<long>().Should().Be(AmoAccount.LostStatusId);
    }

    [Fact]
    public async Task A_clients_new_phone_becomes_its_contacts_first_the_others_stay_and_its_webhook_changes_nothing()
    {
        using var admin = await StartedAsync();
        var (amoId, clientId) = await ContactAsync();
        var phone = PhonesOf(amoId).Single();
        // A manager gives the contact a second phone: the client's phone is still the contact's first.
        await _amo.ChangeContactAsManagerAsync(amoId, Multitext(AmoSeed.ContactPhoneFieldId, phone, "8 916 000-00-02"));
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().BeGreaterThan(0);
        var client = await Json(await admin.GetAsync($"/api/v1/clients/{clientId}"), HttpStatusCode.OK);
        var version = client["version"]!.GetValue<int>();

        await PatchAsync(admin, $"/api/v1/clients/{clientId}", new { phone = "+7 916 000-00-03" });
        await DrainFeedAsync();

        _amo.Calls.Where(c => c.Method == "PATCH").Should().ContainSingle()
            .Which.PathAndQuery.Should().Be("/api/v4/contacts");
        PhonesOf(amoId).Should().Equal("+79160000003", "8 916 000-00-02");
        _amo.Account.Find("contacts", amoId)!["name"]!.GetValue<string>()
            .Should().Be(client["fullName"]!.GetValue<string>());
        // amoCRM's webhook of our own write carries the contact as last synced: it is not read again, and the client
        // and amoCRM stay as they are.
        await _amo.Webhooks.DeliveredAsync();
        var reads = _amo.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v4/contacts?", StringComparison.Ordinal));
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().BeGreaterThan(0);
        _amo.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v4/contacts?", StringComparison.Ordinal))
            .Should().Be(reads);
        (await Json(await admin.GetAsync($"/api/v1/clients/{clientId}"), HttpStatusCode.OK))["version"]!
            .GetValue<int>().Should().Be(version + 1, "only MaK's own edit changed the client");
        await DrainFeedAsync();
        _amo.Calls.Count(c => c.Method == "PATCH").Should().Be(1, "no second write");

        // A client whose e-mail is cleared leaves the contact's other values of the field and no more.
        await PatchAsync(admin, $"/api/v1/clients/{clientId}", new { email = (string?)null });
        await DrainFeedAsync();
        EmailsOf(amoId).Should().BeEmpty();
        PhonesOf(amoId).Should().Equal("+79160000003", "8 916 000-00-02");
    }

    [Fact]
    public async Task A_contact_changed_in_amoCRM_changes_its_client_and_a_name_both_sides_changed_goes_to_the_later()
    {
        using var admin = await StartedAsync();
        var (amoId, clientId) = await ContactAsync();

        // A manager's new e-mail and phone come into MaK and do not go back.
        await _amo.ChangeContactAsManagerAsync(amoId, Multitext(AmoSeed.ContactEmailFieldId, "New.Mail@Example.com"));
        await _amo.ChangeContactAsManagerAsync(amoId, Multitext(AmoSeed.ContactPhoneFieldId, "8 (916) 000-00-04"));
        await Runner.ApplyInboxAsync(CancellationToken.None);
        var client = await Json(await admin.GetAsync($"/api/v1/clients/{clientId}"), HttpStatusCode.OK);
        (client["email"]!.GetValue<string>(), client["phone"]!.GetValue<string>())
            .Should().Be(("new.mail@example.com", "+79160000004"));
        (await Sql<long>($"SELECT count(*) FROM audit_events WHERE entity_id = '{clientId}'"))
            .Should().BeGreaterThan(0, "the change is audited as an edit is");
        var reads = _amo.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v4/contacts?", StringComparison.Ordinal));
        await DrainFeedAsync();
        _amo.Calls.Should().NotContain(c => c.Method == "PATCH");
        _amo.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v4/contacts?", StringComparison.Ordinal))
            .Should().Be(reads, "a client amoCRM's change made holds nothing to send, so its contact is not read");

        // Both change the name; amoCRM's webhook comes after MaK's change, which is the later and stands.
        _amo.Webhooks.Hold();
        await _amo.ChangeContactAsManagerAsync(amoId, new JsonObject { ["name"] = "Имя из amoCRM" });
        await PatchAsync(admin, $"/api/v1/clients/{clientId}", new { fullName = "Имя из MaK" });
        await _amo.Webhooks.ReleaseAsync();
        await Runner.ApplyInboxAsync(CancellationToken.None);

        (await Json(await admin.GetAsync($"/api/v1/clients/{clientId}"), HttpStatusCode.OK))["fullName"]!
            .GetValue<string>().Should().Be("Имя из MaK");
        var conflict = (await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts"), HttpStatusCode.OK))
            ["items"]!.AsArray().Should().ContainSingle().Subject!;
        (conflict["entity"]!.GetValue<string>(), conflict["makId"]!.GetValue<Guid>(),
            conflict["field"]!.GetValue<string>()).Should().Be(("contacts", clientId, "fullName"));
        (conflict["makValue"]!.GetValue<string>(), conflict["amoValue"]!.GetValue<string>())
            .Should().Be(("Имя из MaK", "Имя из amoCRM"));
        (conflict["direction"]!.GetValue<string>(), conflict["winner"]!.GetValue<string>())
            .Should().Be(("newest", "mak"));
        await DrainFeedAsync();
        _amo.Account.Find("contacts", amoId)!["name"]!.GetValue<string>().Should().Be("Имя из MaK");
        EmailsOf(amoId).Should().Equal("New.Mail@Example.com");
    }

    /// <summary>An imported contact with one phone, the phone of the client it is linked to, the client's only
    /// contact.</summary>
    private async Task<(long AmoId, Guid ClientId)> ContactAsync()
    {
        var links = new List<(long AmoId, Guid ClientId, string Phone)>();
        await using (var command = server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT k.amo_id, k.mak_id, c.phone FROM amocrm_links k JOIN clients c ON c.id = k.mak_id "
                + "WHERE k.entity = 'contacts' AND NOT EXISTS (SELECT 1 FROM amocrm_links o "
                + "WHERE o.entity = 'contacts' AND o.mak_id = k.mak_id AND o.amo_id <> k.amo_id) "
                + "ORDER BY k.amo_id LIMIT 200"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                links.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2)));
            }
        }

        var (amoId, clientId, _) = links.First(l =>
            PhonesOf(l.AmoId) is [var only]
            && MakCrm.Domain.Clients.PhoneNumber.TryParse(only, out var phone) && phone.Value == l.Phone);
        return (amoId, clientId);
    }

    private List<string> PhonesOf(long amoId) => ValuesOf(amoId, AmoSeed.ContactPhoneFieldId);

    private List<string> EmailsOf(long amoId) => ValuesOf(amoId, AmoSeed.ContactEmailFieldId);

    private List<string> ValuesOf(long amoId, long fieldId) =>
    [
        .. (_amo.Account.Find("contacts", amoId)!["custom_fields_values"] as JsonArray ?? [])
            .Where(f => f!["field_id"]!.GetValue<long>() == fieldId)
            .SelectMany(f => f!["values"]!.AsArray())
            .Select(v => v!["value"]!.GetValue<string>()),
    ];

    private static JsonObject Multitext(long fieldId, params string[] values) =>
        new()
        {
            ["custom_fields_values"] = new JsonArray(new JsonObject
            {
                ["field_id"] = fieldId,
                ["values"] = new JsonArray(
                    [.. values.Select(v => (JsonNode)new JsonObject { ["value"] = v, ["enum_code"] = "WORK" })]),
            }),
        };

    [Fact]
    public async Task Head_office_chooses_a_fields_direction_and_the_next_conflict_is_decided_by_it()
    {
        const string Directions = SyncPath + "/directions";
        using var admin = await ImportedAsync();
        (await admin.PutAsJsonAsync(Directions, new { directions = Array.Empty<object>() })).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "the sync is not started");
        (await Start(admin)).StatusCode.Should().Be(HttpStatusCode.Created);

        // Refused: a field named twice, one the sync does not keep, another entity, a direction it does not know.
        foreach (var wrong in new object[]
        {
            new[] { Dir("status", "mak"), Dir("status", "newest") },
            new[] { Dir("product", "mak") },
            new[] { new { entity = "contacts", field = "status", direction = "mak" } },
            new[] { Dir("status", "sideways") },
        })
        {
            var problem = await Json(
                await admin.PutAsJsonAsync(Directions, new { directions = wrong }), HttpStatusCode.BadRequest);
            problem["code"]!.GetValue<string>().Should().Be("validation_failed");
        }

        var chosen = await Json(
            await admin.PutAsJsonAsync(Directions, new { directions = new[] { Dir("status", "mak") } }),
            HttpStatusCode.OK);
        chosen["directions"]!.AsArray().Select(d => $"{d!["entity"]}.{d["field"]}:{d["direction"]}")
            .Should().Equal("leads.status:mak", "leads.responsibleUserId:amocrm", "leads.requestedAmount:mak",
                "contacts.fullName:newest", "contacts.phone:newest", "contacts.email:newest");
        (await Sql<long>("SELECT count(*) FROM audit_events WHERE action = 'amocrm.sync_directions_replaced'"))
            .Should().Be(1);

        // Both sides move the status: MaK's move stands now, and goes to amoCRM.
        var (amoId, leadId) = await LeadAsync("new");
        _amo.Webhooks.DropNext();
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(AmoAccount.LostStatusId));
        await PatchLeadAsync(admin, leadId, new { status = "in_progress" });
        await _amo.ChangeLeadAsManagerAsync(amoId, new JsonObject { ["name"] = "Тронута менеджером" });
        await Runner.ApplyInboxAsync(CancellationToken.None);
        (await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("in_progress");
        var conflict = (await Json(await admin.GetAsync("/api/v1/integrations/amocrm/conflicts"), HttpStatusCode.OK))
            ["items"]![0]!;
        (conflict["field"]!.GetValue<string>(), conflict["direction"]!.GetValue<string>(),
            conflict["winner"]!.GetValue<string>()).Should().Be(("status", "mak", "mak"));
        await DrainFeedAsync();
        _amo.Account.Find("leads", amoId)!["status_id"]!.GetValue<long>().Should().Be(Statuses[2].Id);

        // Left out, a field goes back to its declared direction; the choice outlives a pause.
        await admin.PostAsync($"{SyncPath}/pause", null);
        var reset = await Json(
            await admin.PutAsJsonAsync(Directions, new { directions = Array.Empty<object>() }), HttpStatusCode.OK);
        reset["directions"]!.AsArray().Select(d => d!["direction"]!.GetValue<string>())
            .Should().Equal("amocrm", "amocrm", "mak", "newest", "newest", "newest");
    }

    private static object Dir(string field, string direction) => new { entity = "leads", field, direction };

    [Fact]
    public async Task A_delivery_amoCRM_keeps_failing_to_answer_for_stops_after_its_attempts_until_a_resume()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        await _amo.ChangeLeadAsManagerAsync(amoId, Move(Statuses[2].Id));
        // Every read of the lead fails, in both attempts the test server allows (each retries 5xx itself).
        _amo.FailNext("/api/v4/leads", 500, times: 2 * (AmoCrmApi.MaxRetries + 1));

        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(0);
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["inboxPending"]!.GetValue<int>(), state["inboxFailed"]!.GetValue<int>()).Should().Be((1, 0));
        (await IntegrationFailures(server.Services)).Should().BeEmpty("a first failed attempt is tried again");
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(0);
        state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["inboxPending"]!.GetValue<int>(), state["inboxFailed"]!.GetValue<int>()).Should().Be((0, 1));
        var told = await IntegrationFailures(server.Services);
        told.Select(t => t.Recipient).Should().BeEquivalentTo(await IntegrationManagers(server.Services))
            .And.NotBeEmpty();
        told.Should().OnlyContain(t => t.Body.Contains("did not answer") && t.Body.Contains(": 1."));
        state["oldestInboxAt"].Should().BeNull("a failed delivery is not waiting");
        (await Sql<string>("SELECT failure FROM amocrm_inbox")).Should().Contain("did not answer");
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(0, "a failed delivery is not tried");
        var lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["status"]!.GetValue<string>().Should().Be("new");

        // Head office resumes the running sync: the failed delivery gets another round, and amoCRM answers now.
        var resumed = await Json(await admin.PostAsync($"{SyncPath}/resume", null), HttpStatusCode.OK);
        (resumed["inboxPending"]!.GetValue<int>(), resumed["inboxFailed"]!.GetValue<int>()).Should().Be((1, 0));
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(1);
        lead = await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        lead["status"]!.GetValue<string>().Should().Be("in_progress");
    }

    [Fact]
    public async Task A_replay_reads_amoCRMs_changes_again_from_a_time_on_and_applies_what_MaK_could_not_take_then()
    {
        using var admin = await StartedAsync();
        var (amoId, leadId) = await LeadAsync("new");
        var carLoan = _amo.Account.Pipelines.Single(p => p.Id == AmoSeed.CarLoanPipelineId).Statuses[1];

        // A manager moves the lead to a pipeline the mapping does not name: MaK has no status for it, so nothing moves.
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        await _amo.ChangeLeadAsManagerAsync(
            amoId, new JsonObject { ["pipeline_id"] = AmoSeed.CarLoanPipelineId, ["status_id"] = carLoan.Id });
        await Runner.ApplyInboxAsync(CancellationToken.None);
        await Runner.PollAsync(CancellationToken.None);
        (await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK))["status"]!.GetValue<string>()
            .Should().Be("new");
        var polled = (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["polledThrough"]!
            .GetValue<DateTimeOffset>();
        polled.Should().BeAfter(since, "the poll read past the change");

        // Head office maps that status, and replays from before the change: the next poll reads from there again.
        await SaveMappingAsync(admin, (AmoSeed.CarLoanPipelineId, carLoan.Id, "in_progress"));
        var key = Guid.NewGuid().ToString();
        var replayed = await Json(await Replay(since, key), HttpStatusCode.Accepted);
        replayed["polledThrough"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(since, TimeSpan.FromMilliseconds(1));
        using (var again = await Replay(since, key))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Accepted);
            again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        }

        var calls = _amo.Calls.Count;
        await Runner.PollAsync(CancellationToken.None);
        var from = (since - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds();
        _amo.Calls.Skip(calls).Should().Contain(c => c.PathAndQuery.Contains($"filter[updated_at][from]={from}")
            || c.PathAndQuery.Contains($"filter%5Bupdated_at%5D%5Bfrom%5D={from}"));
        (await Json(await admin.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK))["status"]!.GetValue<string>()
            .Should().Be("in_progress");
        (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["polledThrough"]!.GetValue<DateTimeOffset>()
            .Should().BeOnOrAfter(polled.AddMinutes(-1));
        (await AmoCrmAnswers.AuditActions(server.Services)).Count(a => a == "amocrm.sync_replayed").Should().Be(1);

        await ExpectProblem(await Replay(DateTimeOffset.UtcNow.AddHours(1)), HttpStatusCode.BadRequest,
            "validation_failed");
        await ExpectProblem(
            await admin.PostAsync($"{SyncPath}/replay", new StringContent("{}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "validation_failed");
        using var partner = await server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await partner.PostAsJsonAsync($"{SyncPath}/replay", new { since })).StatusCode
            .Should().Be(HttpStatusCode.Forbidden);

        Task<HttpResponseMessage> Replay(DateTimeOffset at, string? idempotencyKey = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{SyncPath}/replay")
            {
                Content = JsonContent.Create(new { since = at }),
            };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return admin.SendAsync(request);
        }
    }

    [Fact]
    public async Task What_the_sync_could_not_carry_over_is_listed_one_by_one_and_retried()
    {
        const string Failures = $"{SyncPath}/failures";
        using var admin = await StartedAsync();
        (await Json(await admin.GetAsync(Failures), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        // A write amoCRM refuses (the lead deleted there), and a delivery amoCRM keeps failing to answer for.
        var (gone, goneLeadId) = await LeadAsync("new");
        _amo.Account.Delete("leads", gone);
        await PatchLeadAsync(admin, goneLeadId, new { status = "in_progress" });
        await DrainFeedAsync();
        var (moved, movedLeadId) = await LeadAsync("new", skip: 1);
        await _amo.ChangeLeadAsManagerAsync(moved, Move(Statuses[2].Id));
        _amo.FailNext("/api/v4/leads", 500, times: 2 * (AmoCrmApi.MaxRetries + 1));
        await Runner.ApplyInboxAsync(CancellationToken.None);

        // Between its attempts the delivery is retrying; the write is set aside.
        var page = await Json(await admin.GetAsync(Failures), HttpStatusCode.OK);
        var (delivery, write) = (page["items"]![0]!, page["items"]![1]!);
        (delivery["kind"]!.GetValue<string>(), delivery["state"]!.GetValue<string>(), delivery["attempts"]!
            .GetValue<int>()).Should().Be(("delivery", "retrying", 1));
        delivery["amoIds"]!.AsArray().Select(i => i!.GetValue<long>()).Should().Equal(moved);
        delivery["leadIds"]!.AsArray().Select(i => i!.GetValue<Guid>()).Should().Equal(movedLeadId);
        delivery["reason"]!.GetValue<string>().Should().Contain("did not answer");
        (write["kind"]!.GetValue<string>(), write["state"]!.GetValue<string>()).Should().Be(("write", "failed"));
        write["amoIds"]!.AsArray().Select(i => i!.GetValue<long>()).Should().Equal(gone);
        write["leadIds"]!.AsArray().Select(i => i!.GetValue<Guid>()).Should().Equal(goneLeadId);
        write["reason"]!.GetValue<string>().Should().Be("id: Entity not found. (NotFound)");
        page["nextCursor"].Should().BeNull();

        // Its second attempt spends its attempts: both wait for head office, as the sync's counters say.
        await Runner.ApplyInboxAsync(CancellationToken.None);
        var first = await Json(await admin.GetAsync($"{Failures}?limit=1"), HttpStatusCode.OK);
        first["items"]![0]!["state"]!.GetValue<string>().Should().Be("failed");
        var rest = await Json(
            await admin.GetAsync($"{Failures}?limit=1&cursor={first["nextCursor"]!.GetValue<string>()}"),
            HttpStatusCode.OK);
        rest["items"]!.AsArray().Select(f => f!["id"]!.GetValue<Guid>()).Should().Equal(write["id"]!.GetValue<Guid>());
        rest["nextCursor"].Should().BeNull();
        var state = await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK);
        (state["inboxFailed"]!.GetValue<int>(), state["outboxFailed"]!.GetValue<int>()).Should().Be((1, 1));
        (await Json(await admin.GetAsync($"{Failures}?kind=write"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(f => f!["kind"]!.GetValue<string>()).Should().Equal("write");

        // Each is retried by its id, once for one key; the workers carry the delivery over and leave the list.
        var key = Guid.NewGuid().ToString();
        var deliveryId = delivery["id"]!.GetValue<Guid>();
        var retried = await Json(await Retry(deliveryId, key), HttpStatusCode.Accepted);
        (retried["state"]!.GetValue<string>(), retried["attempts"]!.GetValue<int>()).Should().Be(("retrying", 0));
        using (var replay = await Retry(deliveryId, key))
        {
            replay.StatusCode.Should().Be(HttpStatusCode.Accepted);
            replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        }

        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(1);
        (await Json(await admin.GetAsync($"/api/v1/leads/{movedLeadId}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("in_progress");
        await ExpectProblem(await Retry(deliveryId), HttpStatusCode.NotFound, "not_found");

        // The write is written again with MaK's values, refused again, and stays listed under its id.
        var writeId = write["id"]!.GetValue<Guid>();
        (await Json(await Retry(writeId), HttpStatusCode.Accepted))["state"]!.GetValue<string>()
            .Should().Be("retrying");
        (await Json(await admin.GetAsync(SyncPath), HttpStatusCode.OK))["outboxFailed"]!.GetValue<int>()
            .Should().Be(0, "a write retrying is waiting, not failed");
        await DrainFeedAsync();
        _amo.Calls.Where(c => c.Method == "PATCH").Select(c => c.Status).Should().Equal(400, 400);
        page = await Json(await admin.GetAsync(Failures), HttpStatusCode.OK);
        page["items"]!.AsArray().Select(f => (f!["id"]!.GetValue<Guid>(), f["state"]!.GetValue<string>()))
            .Should().Equal((writeId, "failed"));
        (await AmoCrmAnswers.AuditActions(server.Services))
            .Count(a => a == "amocrm.sync_failure_retried").Should().Be(2);

        await ExpectProblem(await Retry(Guid.CreateVersion7()), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await admin.GetAsync($"{Failures}?kind=bogus"), HttpStatusCode.BadRequest,
            "validation_failed");
        await ExpectProblem(await admin.GetAsync($"{Failures}?cursor=not-a-cursor"), HttpStatusCode.BadRequest,
            "invalid_cursor");
        await ExpectProblem(await admin.GetAsync($"{Failures}?limit=0"), HttpStatusCode.BadRequest,
            "validation_failed");
        using var partner = await server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await partner.GetAsync(Failures)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await partner.PostAsync($"{Failures}/{writeId}/retry", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // A disconnected account's failures are not the sync's any more: not listed, not retried.
        (await admin.DeleteAsync("/api/v1/integrations/amocrm/connection")).StatusCode
            .Should().Be(HttpStatusCode.NoContent);
        (await Json(await admin.GetAsync(Failures), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        await ExpectProblem(await Retry(writeId), HttpStatusCode.NotFound, "not_found");

        Task<HttpResponseMessage> Retry(Guid id, string? idempotencyKey = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Failures}/{id}/retry");
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return admin.SendAsync(request);
        }
    }

    [Fact]
    public async Task The_webhook_takes_only_its_secret_and_account_and_the_sync_pauses_and_resumes()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ExpectProblem(await admin.GetAsync(SyncPath), HttpStatusCode.NotFound, "not_found");
        await ConnectAsync(admin);
        await ExpectProblem(await Start(admin), HttpStatusCode.Conflict, "amocrm_mapping_missing");
        await SaveMappingAsync(admin);
        await ExpectProblem(await admin.GetAsync(SyncPath), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(
            await admin.PostAsJsonAsync(SyncPath, new { publicBaseUrl = "http://mak.example" }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        var key = Guid.NewGuid().ToString();
        using var started = await Start(admin, key);
        var sync = await Json(started, HttpStatusCode.Created);
        started.Headers.Location!.ToString().Should().Be(SyncPath);
        sync["state"]!.GetValue<string>().Should().Be("running");
        sync["directions"]!.AsArray().Select(d => $"{d!["field"]}:{d["direction"]}")
            .Should().Equal("status:amocrm", "responsibleUserId:amocrm", "requestedAmount:mak",
                "fullName:newest", "phone:newest", "email:newest");
        using (var replay = await Start(admin, key))
        {
            replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        }

        await ExpectProblem(await Start(admin), HttpStatusCode.Conflict, "amocrm_sync_running");
        var destination = _amo.Webhooks.Destinations.Should().ContainSingle().Subject;
        destination.Should().StartWith(server.BaseAddress + "api/v1/integrations/amocrm/webhooks/");
        var secretPath = new Uri(destination).AbsolutePath;
        var form = Form(
            ("leads[update][0][id]", "1"),
            ("account[id]", AmoSeed.AccountId.ToString(CultureInfo.InvariantCulture)));

        using var anonymous = server.CreateHttpClient();
        await ExpectProblem(await anonymous.PostAsync("/api/v1/integrations/amocrm/webhooks/wrong", form()),
            HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(
            await anonymous.PostAsync(secretPath, Form(("account[id]", "1"))()),
            HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(
            await anonymous.PostAsync(secretPath, new StringContent("{}", Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        (await Sql<long>("SELECT count(*) FROM amocrm_inbox")).Should().Be(0);
        (await anonymous.PostAsync(secretPath, form())).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Sql<string>("SELECT body FROM amocrm_inbox"))
            .Should().Be("leads%5Bupdate%5D%5B0%5D%5Bid%5D=1&account%5Bid%5D=31415926", "the body is kept as sent");

        var paused = await Json(await admin.PostAsync($"{SyncPath}/pause", null), HttpStatusCode.OK);
        paused["state"]!.GetValue<string>().Should().Be("paused");
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(0, "a paused sync applies nothing");
        (await anonymous.PostAsync(secretPath, form())).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var resumed = await Json(await admin.PostAsync($"{SyncPath}/resume", null), HttpStatusCode.OK);
        resumed["state"]!.GetValue<string>().Should().Be("running");
        resumed["inboxPending"]!.GetValue<int>().Should().Be(2);
        (await Runner.ApplyInboxAsync(CancellationToken.None)).Should().Be(2);
        (await AmoCrmAnswers.AuditActions(server.Services))
            .Should().Contain(["amocrm.sync_started", "amocrm.sync_paused", "amocrm.sync_resumed"]);

        foreach (var actor in new[] { TestActor.Employee, TestActor.PartnerAlpha, TestActor.Franchisee })
        {
            using var http = await server.CreateHttpClientAsync(actor);
            (await Start(http)).StatusCode.Should().Be(HttpStatusCode.Forbidden, actor.ToString());
            (await http.GetAsync(SyncPath)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await http.GetAsync("/api/v1/integrations/amocrm/conflicts")).StatusCode
                .Should().Be(HttpStatusCode.Forbidden);
        }
    }

    private static Func<HttpContent> Form(params (string Name, string Value)[] fields) =>
        () => new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static JsonObject Move(long statusId) =>
        new() { ["pipeline_id"] = AmoSeed.MainPipelineId, ["status_id"] = statusId };

    /// <summary>Connected, mapped, imported, and the sync started at the test server's address.</summary>
    private async Task<HttpClient> StartedAsync()
    {
        var admin = await ImportedAsync();
        (await Start(admin)).StatusCode.Should().Be(HttpStatusCode.Created);
        return admin;
    }

    /// <summary>The account connected, mapped and imported; the sync not started.</summary>
    private async Task<HttpClient> ImportedAsync()
    {
        var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        await ConnectAsync(admin);
        await SaveMappingAsync(admin);
        (await admin.PostAsync("/api/v1/integrations/amocrm/imports", null)).StatusCode
            .Should().Be(HttpStatusCode.Accepted);
        (await server.Services.GetRequiredService<AmoCrmImportRunner>().RunNextAsync(CancellationToken.None))
            .Should().BeTrue();
        return admin;
    }

    /// <summary>An imported lead in the MaK status, by amoCRM's and MaK's ids.</summary>
    private async Task<(long AmoId, Guid LeadId)> LeadAsync(string status, int skip = 0)
    {
        await using var command = server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT k.amo_id, k.mak_id FROM amocrm_links k JOIN leads l ON l.id = k.mak_id "
                + $"WHERE k.entity = 'leads' AND l.status = '{status}' ORDER BY k.amo_id LIMIT 1 OFFSET {skip}");
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("the import made a lead in '{0}'", status);
        return (reader.GetInt64(0), reader.GetGuid(1));
    }

    /// <summary>A new client and its lead of 450,000 made in MaK by <paramref name="http"/>'s organization.</summary>
    private static async Task<(Guid ClientId, Guid LeadId)> NewLeadAsync(
        HttpClient http, string fullName, string phone, string? email, Guid? responsibleUserId = null)
    {
        var client = await Json(
            await http.PostAsJsonAsync("/api/v1/clients", new { fullName, phone, email, source = "partner" }),
            HttpStatusCode.Created);
        var clientId = client["id"]!.GetValue<Guid>();
        return (clientId, await LeadOfAsync(http, clientId, responsibleUserId));
    }

    private static async Task<Guid> LeadOfAsync(HttpClient http, Guid clientId, Guid? responsibleUserId = null) =>
        (await Json(
            await http.PostAsJsonAsync(
                "/api/v1/leads",
                new { clientId, requestedAmount = 450000, product = "auto", responsibleUserId }),
            HttpStatusCode.Created))["id"]!.GetValue<Guid>();

    private Task PatchLeadAsync(HttpClient admin, Guid leadId, object changes) =>
        PatchAsync(admin, $"/api/v1/leads/{leadId}", changes);

    private static async Task PatchAsync(HttpClient admin, string path, object changes)
    {
        using var read = await admin.GetAsync(path);
        var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(changes), Encoding.UTF8,
                "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        using var patched = await admin.SendAsync(request);
        patched.StatusCode.Should().Be(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until every event raised so far is numbered, then runs the outbox until the feed is read.
    /// </summary>
    private async Task DrainFeedAsync()
    {
        await SequencedAsync();
        while (await Runner.PushAsync(CancellationToken.None) > 0) { }
    }

    /// <summary>Waits until every event raised so far is numbered.</summary>
    private async Task SequencedAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await Sql<long>("SELECT count(*) FROM events WHERE sequence IS NULL") > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
    }

    private Task<HttpResponseMessage> Start(HttpClient http, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SyncPath)
        {
            Content = JsonContent.Create(new { publicBaseUrl = server.BaseAddress.ToString() }),
        };
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

    /// <summary>The main pipeline's first two statuses to <c>new</c>, the third to <c>in_progress</c>, the fourth
    /// to <c>approved</c>, the rest to <c>in_progress</c>, won and lost to <c>issued</c> and <c>rejected</c>, and the
    /// statuses of other pipelines given; the first amoCRM user to the admin; the contacts' phone and e-mail.</summary>
    private async Task SaveMappingAsync(
        HttpClient admin,
        params (long PipelineId, long StatusId, string LeadStatus)[] others)
    {
        var adminId = await Sql<Guid>($"SELECT id FROM users WHERE lower(email) = lower('{TestActor.Admin.Email()}')");
        string StatusOf(AmoStatus s, int i) => s.Id switch
        {
            AmoAccount.WonStatusId => "issued",
            AmoAccount.LostStatusId => "rejected",
            _ => i switch { 0 or 1 => "new", 3 => "approved", _ => "in_progress" },
        };
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/integrations/amocrm/mapping")
        {
            Content = JsonContent.Create(
                new
                {
                    statuses = Statuses.Select((s, i) => new
                        {
                            amoPipelineId = AmoSeed.MainPipelineId,
                            amoStatusId = s.Id,
                            leadStatus = StatusOf(s, i),
                            stageId = (Guid?)null,
                        })
                        .Concat(others.Select(o => new
                        {
                            amoPipelineId = o.PipelineId,
                            amoStatusId = o.StatusId,
                            leadStatus = o.LeadStatus,
                            stageId = (Guid?)null,
                        }))
                        .ToArray(),
                    users = new[] { new { amoUserId = AmoSeed.FirstUserId, userId = adminId } },
                    fields = new object[]
                    {
                        Field(AmoSeed.ContactPhoneFieldId, "phone"),
                        Field(AmoSeed.ContactEmailFieldId, "email"),
                    },
                }
            ),
        };
        using var current = await admin.GetAsync("/api/v1/integrations/amocrm/mapping");
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        using var saved = await admin.SendAsync(request);
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    private static object Field(long fieldId, string target) =>
        new { amoFieldId = fieldId, entity = "contacts", target, customFieldId = (Guid?)null };

    private async Task ExecuteAsync(string sql)
    {
        await using var command = server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Sql<T>(string sql)
    {
        await using var command = server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
