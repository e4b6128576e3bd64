using System.Net;
using MakCrm.Domain.Imports;
using MakCrm.IntegrationTests.Transfer;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Reporting;

/// <summary>The lead export's client, organization and responsible columns, and the lead filters by organization, source and city.</summary>
public sealed class LeadReportingTests(ApiServerFixture server) : TransferTest(server)
{
    private static readonly string[] LeadHeader =
    [
        "id", "clientId", "fullName", "phone", "email", "city", "source", "processingMethod", "requestedAmount", "product", "status", "comment",
        "organizationId", "organizationName", "responsibleUserId", "responsibleName", "createdAt", "updatedAt",
    ];

    [Theory]
    [InlineData(ImportFileFormat.Csv)]
    [InlineData(ImportFileFormat.Xlsx)]
    public async Task An_exported_lead_carries_its_clients_contact_and_profile_its_organizations_name_and_its_responsibles_name(ImportFileFormat format)
    {
        var phone = UniquePhone();
        var client = await ExpectJson(await Post("/api/v1/clients", new
        {
            fullName = "Петров Пётр Петрович", phone, email = "petrov@example.com", city = "Казань", source = "lead_generation", processingMethod = "call_center",
        }), HttpStatusCode.Created);
        var me = (await ExpectJson(await Http.GetAsync("/api/v1/me"), HttpStatusCode.OK))["user"]!.AsObject();
        var lead = await ExpectJson(await Post("/api/v1/leads", new
        {
            clientId = Id(client), requestedAmount = 1_500_000m, product = "mortgage", comment = "Вторичка", responsibleUserId = Id(me),
        }), HttpStatusCode.Created);
        var organization = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{lead["organizationId"]!.GetValue<string>()}"), HttpStatusCode.OK);

        var rows = await ReadTable(await Http.GetAsync($"/api/v1/leads/export?format={format.ToString().ToLowerInvariant()}"), format);

        rows[0].Should().Equal(LeadHeader);
        rows.Should().HaveCount(2);
        var cells = LeadHeader.Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
        cells["id"].Should().Be(Id(lead));
        cells["clientId"].Should().Be(Id(client));
        cells["fullName"].Should().Be("Петров Пётр Петрович");
        cells["phone"].Should().Be(phone);
        cells["email"].Should().Be("petrov@example.com");
        cells["city"].Should().Be("Казань");
        cells["source"].Should().Be("lead_generation");
        cells["processingMethod"].Should().Be("call_center");
        cells["requestedAmount"].Should().Be("1500000.00");
        cells["product"].Should().Be("mortgage");
        cells["comment"].Should().Be("Вторичка");
        cells["organizationId"].Should().Be(lead["organizationId"]!.GetValue<string>());
        cells["organizationName"].Should().Be(organization["name"]!.GetValue<string>()).And.NotBeNullOrEmpty();
        cells["responsibleUserId"].Should().Be(Id(me));
        cells["responsibleName"].Should().Be(lead["responsibleUser"]!["displayName"]!.GetValue<string>()).And.NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_lead_without_a_responsible_exports_empty_cells_there()
    {
        var client = await CreateClient(city: null);
        await CreateLead(Id(client));

        var rows = await ReadTable(await Http.GetAsync("/api/v1/leads/export"), ImportFileFormat.Csv);

        var cells = LeadHeader.Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
        cells["responsibleUserId"].Should().BeNullOrEmpty();
        cells["responsibleName"].Should().BeNullOrEmpty();
        cells["city"].Should().BeNullOrEmpty();
        cells["fullName"].Should().Be("Иванов Иван Иванович");
    }

    [Fact]
    public async Task Lists_and_exports_filter_leads_by_organization_client_source_and_client_city()
    {
        var kazan = await CreateClient(city: "Казань", source: "partner");
        var kazanLead = await CreateLead(Id(kazan));
        var moscow = await CreateClient(city: "Москва", source: "cold_base");
        var moscowLead = await CreateLead(Id(moscow));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var alphaClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), city = "казань", source = "partner" })), HttpStatusCode.Created);
        var alphaLead = await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(alphaClient), requestedAmount = 500_000m, product = "consumer" })), HttpStatusCode.Created);

        (await Listed(Http, $"organizationId={TestActors.PartnerAlphaOrganization}")).Should().Equal(Id(alphaLead));
        (await Listed(Http, "source=cold_base")).Should().Equal(Id(moscowLead));
        (await Listed(Http, "source=cold_base&source=partner")).Should().BeEquivalentTo([Id(kazanLead), Id(moscowLead), Id(alphaLead)]);
        (await Listed(Http, "city=%D0%9A%D0%90%D0%97%D0%90%D0%9D%D0%AC")).Should().BeEquivalentTo([Id(kazanLead), Id(alphaLead)], "the city matches in any case");
        (await Listed(Http, $"city=Казань&source=partner&organizationId={kazanLead["organizationId"]!.GetValue<string>()}")).Should().Equal(Id(kazanLead));
        (await Listed(Http, "city=Каз")).Should().BeEmpty("the city is matched whole, not as a prefix");

        // A partner sees its own organization's leads whatever it asks: another organization's id is an empty page.
        (await Listed(alpha, $"organizationId={TestActors.PartnerBetaOrganization}")).Should().BeEmpty();
        (await Listed(alpha, $"organizationId={kazanLead["organizationId"]!.GetValue<string>()}")).Should().BeEmpty();
        (await Listed(alpha, $"organizationId={TestActors.PartnerAlphaOrganization}")).Should().Equal(Id(alphaLead));
        (await Listed(alpha, "city=Казань")).Should().Equal(Id(alphaLead));

        var exported = await ReadTable(await Http.GetAsync("/api/v1/leads/export?city=Москва&source=cold_base"), ImportFileFormat.Csv);
        exported.Skip(1).Select(r => r[0]).Should().Equal(Id(moscowLead));
        exported = await ReadTable(await Http.GetAsync($"/api/v1/leads/export?organizationId={TestActors.PartnerAlphaOrganization}"), ImportFileFormat.Csv);
        exported.Skip(1).Select(r => r[0]).Should().Equal(Id(alphaLead));
    }

    [Theory]
    [InlineData("source=Not-A-Code", "source")]
    [InlineData("organizationId=not-a-uuid", "organizationId")]
    public async Task Bad_filter_values_are_400s_naming_the_parameter(string query, string field)
    {
        FieldErrors(await ExpectProblem(await Http.GetAsync($"/api/v1/leads?{query}"), HttpStatusCode.BadRequest, "validation_failed"), field).Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync($"/api/v1/leads/export?{query}"), HttpStatusCode.BadRequest, "validation_failed"), field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_city_longer_than_a_clients_city_can_be_is_a_400()
    {
        var city = new string('к', 101);
        FieldErrors(await ExpectProblem(await Http.GetAsync($"/api/v1/leads?city={city}"), HttpStatusCode.BadRequest, "validation_failed"), "city").Should().NotBeEmpty();
    }

    private static async Task<string[]> Listed(HttpClient http, string query) =>
        (await ExpectJson(await http.GetAsync($"/api/v1/leads?{query}&limit=100"), HttpStatusCode.OK))["items"]!.AsArray().Select(l => Id(l!.AsObject())).ToArray();
}
