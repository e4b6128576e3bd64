using System.Net;
using System.Text;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Leads;

public sealed class LeadsApiTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Create_starts_in_new_and_keeps_the_exact_amount()
    {
        var client = await CreateClient();

        var response = await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 2_500_000.55m, product = "mortgage", comment = "  Вторичка  " });

        var lead = await ExpectJson(response, HttpStatusCode.Created);
        lead["clientId"]!.GetValue<string>().Should().Be(Id(client));
        lead["requestedAmount"]!.GetValue<decimal>().Should().Be(2_500_000.55m);
        lead["product"]!.GetValue<string>().Should().Be("mortgage");
        lead["status"]!.GetValue<string>().Should().Be("new");
        lead["comment"]!.GetValue<string>().Should().Be("Вторичка");
        lead["responsibleUserId"].Should().BeNull();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/leads/{Id(lead)}");
        ETagOf(response).Should().Be("\"1\"");

        var fetched = await Http.GetAsync($"/api/v1/leads/{Id(lead)}");
        (await ExpectJson(fetched, HttpStatusCode.OK)).ToJsonString().Should().Be(lead.ToJsonString());
    }

    [Fact]
    public async Task Create_takes_a_status_and_a_responsible_manager()
    {
        var client = await CreateClient();
        var manager = (await Server.UserIdAsync(TestActor.Employee)).ToString();

        var response = await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 300_000, product = "consumer", status = "from_partner", responsibleUserId = manager });

        var lead = await ExpectJson(response, HttpStatusCode.Created);
        lead["status"]!.GetValue<string>().Should().Be("from_partner");
        lead["responsibleUserId"]!.GetValue<string>().Should().Be(manager);
    }

    [Fact]
    public async Task A_responsible_manager_of_another_organization_or_no_user_at_all_is_refused_as_a_deal_refuses_it()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var client = Id(await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created));
        var lead = await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = client, requestedAmount = 500_000, product = "auto" })), HttpStatusCode.Created);
        var url = $"/api/v1/leads/{Id(lead)}";

        foreach (var responsible in new[] { await Server.UserIdAsync(TestActor.PartnerBeta), Guid.CreateVersion7() })
        {
            var deal = await ExpectProblem(
                await alpha.PostAsync("/api/v1/deals", Body(new { clientId = client, title = "Автокредит", amount = 500_000, product = "auto", responsibleUserId = responsible })),
                HttpStatusCode.BadRequest, "validation_failed");
            var refusal = FieldErrors(deal, "responsibleUserId");
            refusal.Should().NotBeEmpty();

            var created = await alpha.PostAsync("/api/v1/leads", Body(new { clientId = client, requestedAmount = 600_000, product = "auto", responsibleUserId = responsible }));
            FieldErrors(await ExpectProblem(created, HttpStatusCode.BadRequest, "validation_failed"), "responsibleUserId").Should().Equal(refusal);

            var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(Json(new { responsibleUserId = responsible }), Encoding.UTF8, "application/merge-patch+json") };
            patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            FieldErrors(await ExpectProblem(await alpha.SendAsync(patch), HttpStatusCode.BadRequest, "validation_failed"), "responsibleUserId").Should().Equal(refusal);
        }

        var unchanged = await alpha.GetAsync(url);
        ETagOf(unchanged).Should().Be("\"1\"");
        (await ExpectJson(unchanged, HttpStatusCode.OK))["responsibleUserId"].Should().BeNull();
        (await ExpectJson(await alpha.GetAsync("/api/v1/leads"), HttpStatusCode.OK))["items"]!.AsArray().Select(l => Id(l!.AsObject())).Should().Equal(Id(lead));

        // A second lead of the client is a duplicate: had a refused one been kept, its manager would be told now.
        await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = client, requestedAmount = 800_000, product = "auto" })), HttpStatusCode.Created);
        (await ExpectJson(await beta.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty("nobody of another organization hears of the lead");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(1_000_000_000.01)]
    [InlineData(100.005)]
    public async Task Invalid_amounts_are_field_errors(double amount)
    {
        var client = await CreateClient();

        var response = await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = (decimal)amount, product = "auto" });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "requestedAmount").Should().ContainSingle().Which.Should().Contain("roubles");
    }

    [Theory]
    [InlineData("""{"requestedAmount":"a lot","product":"auto"}""", "requestedAmount", "Must be a number.")]
    [InlineData("""{"requestedAmount":1000,"product":"yacht"}""", "product", "Must be one of: mortgage, consumer, auto, business, refinancing.")]
    [InlineData("""{"requestedAmount":1000,"product":"auto","status":"won"}""", "status", "Is not a lead status: 'won'. Must be one of: new, from_partner, auction, not_sold, in_progress, approved, issued, rejected, returned.")]
    [InlineData("""{"requestedAmount":1000,"product":"auto","status":null}""", "status", "Must not be null.")]
    [InlineData("""{"requestedAmount":1000,"product":"auto","responsibleUserId":"bob"}""", "responsibleUserId", "Must be a UUID.")]
    [InlineData("""{"requestedAmount":1000,"product":"auto","comment":42}""", "comment", "Must be a string.")]
    public async Task Wrong_types_and_unknown_enum_values_are_field_errors(string bodyWithoutClient, string field, string message)
    {
        var client = await CreateClient();
        var body = bodyWithoutClient.Replace("{", $"{{\"clientId\":\"{Id(client)}\",", StringComparison.Ordinal);

        var problem = await ExpectProblem(await Post("/api/v1/leads", body), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().Equal(message);
    }

    [Fact]
    public async Task A_lead_for_an_unknown_or_deleted_client_is_refused()
    {
        var deleted = await CreateClient();
        (await Http.DeleteAsync($"/api/v1/clients/{Id(deleted)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        foreach (var clientId in new[] { Guid.CreateVersion7().ToString(), Id(deleted) })
        {
            var problem = await ExpectProblem(
                await Post("/api/v1/leads", new { clientId, requestedAmount = 1000, product = "auto" }), HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, "clientId").Should().ContainSingle().Which.Should().Contain(clientId);
        }
    }

    [Fact]
    public async Task List_filters_by_client_status_product_manager_and_amount()
    {
        var ivanov = await CreateClient(fullName: "Иванов");
        var petrov = await CreateClient(fullName: "Петров");
        var manager = (await Server.UserIdAsync(TestActor.Employee)).ToString();
        var small = await CreateLead(Id(ivanov), 100_000m, "consumer", "new");
        var big = await CreateLead(Id(ivanov), 9_000_000m, "mortgage", "in_progress");
        var other = await CreateLead(Id(petrov), 500_000m, "auto", "approved");
        await ExpectJson(await Patch($"/api/v1/leads/{Id(other)}", new { responsibleUserId = manager }, "\"1\""), HttpStatusCode.OK);

        (await ListAllIds($"/api/v1/leads?clientId={Id(ivanov)}", 10)).Should().BeEquivalentTo([Id(small), Id(big)]);
        (await ListAllIds("/api/v1/leads?status=in_progress&status=approved", 10)).Should().BeEquivalentTo([Id(big), Id(other)]);
        (await ListAllIds("/api/v1/leads?product=auto", 10)).Should().Equal(Id(other));
        (await ListAllIds($"/api/v1/leads?responsibleUserId={manager}", 10)).Should().Equal(Id(other));
        (await ListAllIds("/api/v1/leads?amountMin=100000&amountMax=500000", 10)).Should().BeEquivalentTo([Id(small), Id(other)]);
        (await ListAllIds("/api/v1/leads?amountMin=500000.01", 10)).Should().Equal(Id(big));
    }

    [Theory]
    [InlineData("status=won", "status")]
    [InlineData("product=yacht", "product")]
    [InlineData("clientId=42", "clientId")]
    [InlineData("amountMin=-1", "amountMin")]
    [InlineData("amountMin=10&amountMax=5", "amountMax")]
    [InlineData("amountMax=lots", "amountMax")]
    [InlineData("sort=-status", "sort")]
    public async Task Invalid_list_parameters_are_field_errors(string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/leads?{query}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Paging_by_amount_is_stable_across_equal_amounts()
    {
        var client = await CreateClient();
        var expected = new List<(decimal Amount, string Id)>();
        foreach (var amount in new[] { 300m, 100m, 200m, 100m, 300m, 100m, 200m })
        {
            expected.Add((amount, Id(await CreateLead(Id(client), amount))));
        }

        var ascending = await ListAllIds("/api/v1/leads?sort=requestedAmount", 2);
        var descending = await ListAllIds("/api/v1/leads?sort=-requestedAmount", 3);

        ascending.Should().Equal(expected.OrderBy(e => e.Amount).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id));
        descending.Should().Equal(Enumerable.Reverse(ascending));
    }

    [Fact]
    public async Task Search_finds_leads_by_their_clients_phone_name_or_the_comment()
    {
        var client = await CreateClient(fullName: "Кузнецова Анна", phone: "+79161234567");
        var byClient = await CreateLead(Id(client));
        var other = await CreateClient(fullName: "Орлов Олег", phone: "+79260000000");
        var byComment = await CreateLead(Id(other), comment: "Рефинансирование ипотеки");

        (await ListAllIds($"/api/v1/leads?q={Uri.EscapeDataString("8 (916) 123-45")}", 10)).Should().Equal(Id(byClient));
        (await ListAllIds("/api/v1/leads?q=кузнецова", 10)).Should().Equal(Id(byClient));
        (await ListAllIds("/api/v1/leads?q=ипотеки", 10)).Should().Equal(Id(byComment));
    }

    [Fact]
    public async Task Patch_changes_status_amount_and_clears_the_manager()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client), 1_000_000m);
        var manager = (await Server.UserIdAsync(TestActor.Employee)).ToString();
        var first = await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress", requestedAmount = 1_200_000.5m, responsibleUserId = manager }, "\"1\"");
        var patched = await ExpectJson(first, HttpStatusCode.OK);
        patched["status"]!.GetValue<string>().Should().Be("in_progress");
        patched["requestedAmount"]!.GetValue<decimal>().Should().Be(1_200_000.5m);
        patched["responsibleUserId"]!.GetValue<string>().Should().Be(manager);
        patched["product"]!.GetValue<string>().Should().Be("mortgage");

        var cleared = await Send(HttpMethod.Patch, $"/api/v1/leads/{Id(lead)}", """{"responsibleUserId":null,"comment":""}""", "application/merge-patch+json", ETagOf(first));

        var result = await ExpectJson(cleared, HttpStatusCode.OK);
        result["responsibleUserId"].Should().BeNull();
        result["comment"].Should().BeNull();
        ETagOf(cleared).Should().Be("\"3\"");
    }

    [Theory]
    [InlineData("""{"status":"sold"}""", "status")]
    [InlineData("""{"status":null}""", "status")]
    [InlineData("""{"requestedAmount":null}""", "requestedAmount")]
    [InlineData("""{"requestedAmount":0}""", "requestedAmount")]
    [InlineData("""{"product":null}""", "product")]
    [InlineData("""{"clientId":"01a1fb7f-7bd7-7dce-bb48-6f3ae6768108"}""", "clientId")]
    public async Task Patch_refuses_invalid_values_and_fields(string body, string field)
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));

        var response = await Send(HttpMethod.Patch, $"/api/v1/leads/{Id(lead)}", body, "application/merge-patch+json", "\"1\"");

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Patch_needs_the_current_etag()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));
        var url = $"/api/v1/leads/{Id(lead)}";

        await ExpectProblem(await Patch(url, new { status = "in_progress" }, null), (HttpStatusCode)428, "precondition_required");
        await ExpectJson(await Patch(url, new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);
        await ExpectProblem(await Patch(url, new { status = "approved" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");

        (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("in_progress");
    }

    [Fact]
    public async Task Delete_hides_the_lead()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));

        await ExpectProblem(await Send(HttpMethod.Delete, $"/api/v1/leads/{Id(lead)}", ifMatch: "\"2\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await Send(HttpMethod.Delete, $"/api/v1/leads/{Id(lead)}", ifMatch: "\"1\"")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ExpectProblem(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.NotFound, "not_found");
        (await ListAllIds($"/api/v1/leads?clientId={Id(client)}", 10)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Unknown_ids_are_404_problems(string method)
    {
        var response = await Send(new HttpMethod(method), $"/api/v1/leads/{Guid.CreateVersion7()}", method == "PATCH" ? "{}" : null, ifMatch: "\"1\"");
        await ExpectProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Creating_a_lead_while_its_client_is_deleted_never_leaves_an_orphan()
    {
        for (var round = 0; round < 5; round++)
        {
            var client = await CreateClient();
            var create = Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 1000, product = "auto" });
            var delete = Http.DeleteAsync($"/api/v1/clients/{Id(client)}");
            var (created, deleted) = (await create, await delete);

            // Either the lead came first and the delete was refused, or the delete came first and the lead was refused.
            var outcome = (created.StatusCode, deleted.StatusCode);
            outcome.Should().BeOneOf((HttpStatusCode.Created, HttpStatusCode.Conflict), (HttpStatusCode.BadRequest, HttpStatusCode.NoContent));
        }
    }
}
