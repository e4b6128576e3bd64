using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Identity;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Leads;

/// <summary>Duplicate control on POST /api/v1/lead-submissions and POST /api/v1/leads.</summary>
public sealed class DuplicateControlTests(ApiServerFixture server) : AuthTest(server)
{
    private const int Parallel = 20;

    [Fact]
    public async Task The_same_phone_in_any_spelling_makes_duplicates_of_the_first_open_lead()
    {
        var original = await ExpectJson(await Submit(Http, "8 912 345-67-89"), HttpStatusCode.Created);
        original["clientCreated"]!.GetValue<bool>().Should().BeTrue();
        original["duplicate"].Should().BeNull();
        var originalLead = original["lead"]!.AsObject();
        originalLead["duplicateOf"].Should().BeNull();

        foreach (var spelling in new[] { "+7 (912) 345-67-89", "8-912-345-67-89", "9123456789" })
        {
            var response = await Submit(Http, spelling);
            var body = await ExpectJson(response, HttpStatusCode.Created);
            var lead = body["lead"]!.AsObject();
            response.Headers.Location!.ToString().Should().Be($"/api/v1/leads/{Id(lead)}");
            ETagOf(response).Should().Be("\"1\"");
            body["clientCreated"]!.GetValue<bool>().Should().BeFalse("the organization's client with this phone is reused");
            lead["clientId"]!.GetValue<string>().Should().Be(originalLead["clientId"]!.GetValue<string>());
            lead["duplicateOf"]!.GetValue<string>().Should().Be(Id(originalLead));
            body["duplicate"]!["of"]!.GetValue<string>().Should().Be(Id(originalLead));
            MatchedBy(body["duplicate"]!).Should().Equal("phone");
            body["duplicate"]!["originalVisible"]!.GetValue<bool>().Should().BeTrue();

            var fetched = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK);
            fetched["duplicateOf"]!.GetValue<string>().Should().Be(Id(originalLead));
        }

        var client = await ExpectJson(await Http.GetAsync($"/api/v1/clients/{originalLead["clientId"]}"), HttpStatusCode.OK);
        client["phone"]!.GetValue<string>().Should().Be("+79123456789");
    }

    [Fact]
    public async Task A_duplicate_records_its_original_in_its_history_and_is_filterable()
    {
        var original = Id((await ExpectJson(await Submit(Http, UniquePhone()), HttpStatusCode.Created))["lead"]!.AsObject());
        var phone = UniquePhone();
        var other = Id((await ExpectJson(await Submit(Http, phone), HttpStatusCode.Created))["lead"]!.AsObject());
        var duplicate = Id((await ExpectJson(await Submit(Http, phone), HttpStatusCode.Created))["lead"]!.AsObject());

        var timeline = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{duplicate}/timeline?limit=100"), HttpStatusCode.OK);
        var changes = timeline["items"]!.AsArray().Select(i => i!["change"]).Where(c => c is not null).ToList();
        changes.Should().ContainSingle(c => c!["field"]!.GetValue<string>() == "duplicateOf")
            .Which!["to"]!.GetValue<string>().Should().Be(other);

        (await ListAllIds($"/api/v1/leads?duplicateOf={other}", 10)).Should().Equal(duplicate);
        (await ListAllIds("/api/v1/leads?isDuplicate=true", 10)).Should().Equal(duplicate);
        (await ListAllIds("/api/v1/leads?isDuplicate=false", 10)).Should().BeEquivalentTo([original, other]);
        (await ListAllIds($"/api/v1/leads?duplicateOf={original}", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_same_email_in_another_case_makes_a_duplicate()
    {
        var original = await ExpectJson(await Submit(Http, UniquePhone(), email: "Petrov@Example.RU"), HttpStatusCode.Created);

        var second = await ExpectJson(await Submit(Http, UniquePhone(), email: "  petrov@example.ru "), HttpStatusCode.Created);

        second["clientCreated"]!.GetValue<bool>().Should().BeTrue("another phone is another client");
        second["lead"]!["duplicateOf"]!.GetValue<string>().Should().Be(Id(original["lead"]!.AsObject()));
        MatchedBy(second["duplicate"]!).Should().Equal("email");
    }

    [Fact]
    public async Task Both_contacts_matching_are_both_reported()
    {
        var phone = UniquePhone();
        await ExpectJson(await Submit(Http, phone, email: "both@example.ru"), HttpStatusCode.Created);

        var second = await ExpectJson(await Submit(Http, phone, email: "BOTH@example.ru"), HttpStatusCode.Created);

        MatchedBy(second["duplicate"]!).Should().Equal("phone", "email");
    }

    [Theory]
    [InlineData("issued")]
    [InlineData("rejected")]
    [InlineData("returned")]
    public async Task Won_lost_and_returned_leads_are_not_originals(string closedStatus)
    {
        var phone = UniquePhone();
        var client = await CreateClient(phone: phone);
        await CreateLead(Id(client), status: closedStatus);

        var submitted = await ExpectJson(await Submit(Http, phone), HttpStatusCode.Created);

        submitted["duplicate"].Should().BeNull();
        submitted["lead"]!["duplicateOf"].Should().BeNull();
        submitted["lead"]!["clientId"]!.GetValue<string>().Should().Be(Id(client));
    }

    [Fact]
    public async Task An_auction_lead_is_an_original()
    {
        var client = await CreateClient();
        var auction = await CreateLead(Id(client), status: "auction");

        var second = await CreateLead(Id(client));

        second["duplicateOf"]!.GetValue<string>().Should().Be(Id(auction));
    }

    [Fact]
    public async Task A_lead_for_a_known_client_with_an_open_lead_is_a_duplicate()
    {
        var client = await CreateClient();
        var first = await CreateLead(Id(client));

        var second = await CreateLead(Id(client), amount: 500_000m);

        first["duplicateOf"].Should().BeNull();
        second["duplicateOf"]!.GetValue<string>().Should().Be(Id(first));
    }

    [Fact]
    public async Task Another_organizations_original_is_named_by_id_only_and_its_manager_is_notified()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var alphaUser = await UserId(TestActor.PartnerAlpha);
        var phone = UniquePhone();
        var alphaClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone, source = "partner" })), HttpStatusCode.Created);
        var alphaLead = await ExpectJson(
            await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(alphaClient), requestedAmount = 700_000, product = "auto", responsibleUserId = alphaUser })),
            HttpStatusCode.Created);

        var response = await Submit(beta, phone, fullName: "Тот же человек у Беты");

        var body = await ExpectJson(response, HttpStatusCode.Created);
        body["clientCreated"]!.GetValue<bool>().Should().BeTrue("Beta has no client with this phone");
        body["lead"]!["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerBetaOrganization.ToString());
        body["lead"]!["duplicateOf"]!.GetValue<string>().Should().Be(Id(alphaLead));
        body["duplicate"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("of", "matchedBy", "originalVisible");
        body["duplicate"]!["originalVisible"]!.GetValue<bool>().Should().BeFalse();
        (await beta.GetAsync($"/api/v1/leads/{Id(alphaLead)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var inbox = await ExpectJson(await alpha.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        var notification = inbox["items"]!.AsArray().Should().ContainSingle().Subject!;
        notification["kind"]!.GetValue<string>().Should().Be("lead_duplicate");
        notification["subjectType"]!.GetValue<string>().Should().Be("lead");
        notification["subjectId"]!.GetValue<string>().Should().Be(Id(alphaLead));
        notification["body"]!.GetValue<string>().Should().Contain(Id(body["lead"]!.AsObject()));

        // Head office sees both leads, so it is told the original is visible.
        var admin = await ExpectJson(await Submit(Http, phone), HttpStatusCode.Created);
        admin["duplicate"]!["originalVisible"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task An_original_without_a_manager_notifies_head_office_but_not_the_submitter()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var phone = UniquePhone();
        var original = Id((await ExpectJson(await Submit(Http, phone), HttpStatusCode.Created))["lead"]!.AsObject());

        await ExpectJson(await Submit(alpha, phone), HttpStatusCode.Created);

        var employeeInbox = await ExpectJson(await employee.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        employeeInbox["items"]!.AsArray().Should().ContainSingle(n => n!["kind"]!.GetValue<string>() == "lead_duplicate")
            .Which!["subjectId"]!.GetValue<string>().Should().Be(original);
        var adminInbox = await ExpectJson(await Http.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        adminInbox["items"]!.AsArray().Should().ContainSingle(n => n!["kind"]!.GetValue<string>() == "lead_duplicate");
        var alphaInbox = await ExpectJson(await alpha.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        alphaInbox["items"]!.AsArray().Should().BeEmpty();

        // The admin's own duplicate tells the employee again, and the admin nothing.
        await ExpectJson(await Submit(Http, phone), HttpStatusCode.Created);
        (await DuplicateNotices(Http)).Should().HaveCount(1);
        (await DuplicateNotices(employee)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_source_that_rejects_duplicates_gets_409_naming_the_existing_lead_and_nothing_is_written()
    {
        await RejectingSource();
        var phone = UniquePhone();
        var original = Id((await ExpectJson(await Submit(Http, phone, email: "first@example.ru"), HttpStatusCode.Created))["lead"]!.AsObject());
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var leadsBefore = await ListAllIds("/api/v1/leads", 100);
        var clientsBefore = await ListAllIds("/api/v1/clients", 100);

        var problem = await ExpectProblem(await Submit(alpha, "8 " + phone[2..], source: "strict_platform"), HttpStatusCode.Conflict, "duplicate_lead");

        problem["existingLeadId"]!.GetValue<string>().Should().Be(original);
        MatchedBy(problem).Should().Equal("phone");
        problem["detail"]!.GetValue<string>().Should().Contain(original);
        (await ListAllIds("/api/v1/leads", 100)).Should().Equal(leadsBefore);
        (await ListAllIds("/api/v1/clients", 100)).Should().Equal(clientsBefore);
        (await DuplicateNotices(employee)).Should().BeEmpty();

        // Not a duplicate: the rejecting source accepts it.
        var fresh = await ExpectJson(await Submit(alpha, UniquePhone(), source: "strict_platform"), HttpStatusCode.Created);
        fresh["duplicate"].Should().BeNull();
    }

    [Fact]
    public async Task Creating_a_lead_for_a_client_of_a_rejecting_source_refuses_a_duplicate()
    {
        await RejectingSource();
        var client = await CreateClient(source: "strict_platform");
        var first = await CreateLead(Id(client));

        var problem = await ExpectProblem(
            await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 100_000, product = "consumer" }), HttpStatusCode.Conflict, "duplicate_lead");

        problem["existingLeadId"]!.GetValue<string>().Should().Be(Id(first));
        (await ListAllIds($"/api/v1/leads?clientId={Id(client)}", 10)).Should().Equal(Id(first));
    }

    [Fact]
    public async Task Simultaneous_identical_submissions_make_exactly_one_original()
    {
        for (var round = 0; round < 3; round++)
        {
            var phone = UniquePhone();
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Submit(Http, phone, email: $"same-{round}@example.ru")));

            var bodies = new List<JsonObject>();
            foreach (var response in responses)
            {
                bodies.Add(await ExpectJson(response, HttpStatusCode.Created));
            }

            var originals = bodies.Where(b => b["duplicate"] is null).ToList();
            originals.Should().ContainSingle("round {0} must have exactly one original", round);
            var original = Id(originals[0]["lead"]!.AsObject());
            bodies.Where(b => b["duplicate"] is not null).Select(b => b["lead"]!["duplicateOf"]!.GetValue<string>())
                .Should().HaveCount(Parallel - 1).And.OnlyContain(id => id == original);
            bodies.Count(b => b["clientCreated"]!.GetValue<bool>()).Should().Be(1, "one client is created for one phone");
            bodies.Select(b => b["lead"]!["clientId"]!.GetValue<string>()).Distinct().Should().ContainSingle();
            (await ListAllIds($"/api/v1/leads?duplicateOf={original}", 100)).Should().HaveCount(Parallel - 1);
        }
    }

    [Fact]
    public async Task Simultaneous_submissions_to_a_rejecting_source_make_one_lead_and_refuse_the_rest()
    {
        await RejectingSource();
        for (var round = 0; round < 3; round++)
        {
            var phone = UniquePhone();
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Submit(Http, phone, source: "strict_platform")));

            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            created.Should().ContainSingle("round {0}: {1}", round, string.Join(", ", responses.Select(r => (int)r.StatusCode)));
            var lead = Id((await ExpectJson(created[0], HttpStatusCode.Created))["lead"]!.AsObject());
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                var problem = await ExpectProblem(refused, HttpStatusCode.Conflict, "duplicate_lead");
                problem["existingLeadId"]!.GetValue<string>().Should().Be(lead);
            }
        }

        (await ListAllIds("/api/v1/leads", 100)).Should().HaveCount(3);
        (await ListAllIds("/api/v1/clients", 100)).Should().HaveCount(3);
    }

    [Fact]
    public async Task An_api_client_with_the_leads_write_scope_may_submit()
    {
        var clientId = $"platform-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "platform-secret", TestActors.PartnerAlphaOrganization, ["leads.write"]);
        var token = (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, "platform-secret"))))["access_token"]!.GetValue<string>();
        using var platform = Server.CreateHttpClient(token);
        var phone = UniquePhone();

        var first = await ExpectJson(await Submit(platform, phone), HttpStatusCode.Created);
        var second = await ExpectJson(await Submit(platform, phone), HttpStatusCode.Created);

        first["lead"]!["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        second["lead"]!["duplicateOf"]!.GetValue<string>().Should().Be(Id(first["lead"]!.AsObject()));
        var history = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(second["lead"]!.AsObject())}/timeline"), HttpStatusCode.OK);
        // What the platform did is its own; the notices about the lead (nobody is responsible for it) are the system's.
        history["items"]!.AsArray().Where(i => i!["kind"]!.GetValue<string>() != "notification")
            .Should().NotBeEmpty()
            .And.OnlyContain(i => i!["actor"]!["clientId"]!.GetValue<string>() == clientId);
    }

    /// <summary>The duplicate notices in a user's inbox (a new lead nobody is responsible for is told too).</summary>
    private static async Task<List<JsonNode?>> DuplicateNotices(HttpClient http) =>
    [
        .. (await ExpectJson(await http.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Where(n => n!["kind"]!.GetValue<string>() == "lead_duplicate"),
    ];

    [Fact]
    public async Task Submitting_needs_leads_write()
    {
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);

        await ExpectProblem(await Submit(guest, UniquePhone()), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Submit(Anonymous, UniquePhone()), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("phone", "\"12345\"", "Must be a phone number, e.g. +7 999 123-45-67 or 8 (999) 123-45-67; other countries start with + and the country code.")]
    [InlineData("email", "\"not-an-email\"", "Must be an e-mail address of at most 254 characters, e.g. ivan@example.ru.")]
    [InlineData("fullName", "\"  \"", "Must not be empty.")]
    [InlineData("fullName", "null", "Must not be null.")]
    [InlineData("source", "\"unknown_source\"", "Is not the code of an active client source; GET /api/v1/client-sources lists them.")]
    [InlineData("requestedAmount", "0", "Must be more than 0 and at most 1000000000 roubles, with at most two fractional digits.")]
    [InlineData("product", "\"yacht\"", "Must be one of: mortgage, consumer, auto, business, refinancing.")]
    [InlineData("status", "\"nope\"", "Is not a lead status: 'nope'. Must be one of: new, from_partner, auction, not_sold, in_progress, approved, issued, rejected, returned.")]
    [InlineData("clientId", "\"0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11\"", "Is not a field of this request.")]
    public async Task Invalid_fields_are_field_errors_and_write_nothing(string field, string value, string message)
    {
        var body = JsonNode.Parse(Json(SubmissionBody(UniquePhone())))!.AsObject();
        body[field] = JsonNode.Parse(value);

        var problem = await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/lead-submissions", body.ToJsonString()), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().Equal(message);
        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Required_fields_are_named()
    {
        var problem = await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/lead-submissions", "{}"), HttpStatusCode.BadRequest, "validation_failed");

        foreach (var field in new[] { "fullName", "phone", "source" })
        {
            FieldErrors(problem, field).Should().Equal("Is required.");
        }
    }

    private static object SubmissionBody(string phone, string? email = null, string fullName = "Петров Пётр Петрович", string source = "external") =>
        new { fullName, phone, email, city = "Пермь", source, requestedAmount = 1_500_000, product = "auto", comment = "Заявка с площадки" };

    private static Task<HttpResponseMessage> Submit(HttpClient http, string phone, string? email = null, string fullName = "Петров Пётр Петрович", string source = "external") =>
        http.PostAsync("/api/v1/lead-submissions", Body(SubmissionBody(phone, email, fullName, source)));

    private static string[] MatchedBy(JsonNode node) => node["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();

    private async Task RejectingSource() =>
        await ExpectJson(await Post("/api/v1/client-sources", new { code = "strict_platform", name = "Строгая площадка", duplicatePolicy = "reject" }), HttpStatusCode.Created);

    private Task<Guid> UserId(TestActor actor) =>
        Server.WithServicesAsync(async services => (await services.GetRequiredService<UserManager<MakUser>>().FindByEmailAsync(actor.Email()))!.Id);
}
