using System.Net;
using MakCrm.Infrastructure.DemoData;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>What `./mak run`'s demo data lets a newcomer do at once, seeded into the test database.</summary>
public sealed class DemoDataTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Documents_generate_without_filling_in_requisites_first_and_the_faq_has_answers()
    {
        await SeedAsync();

        var invoice = await ExpectJson(
            await Post(
                "/api/v1/documents/invoices",
                new { amount = 15_000m, organizationId = DemoDataSeeder.FranchiseeNorthId }
            ),
            HttpStatusCode.Created
        );
        invoice["contentType"]!.GetValue<string>().Should().Be("application/pdf");
        await ExpectJson(
            await Post("/api/v1/documents/contracts", new { organizationId = DemoDataSeeder.FranchiseeNorthId }),
            HttpStatusCode.Created
        );
        var faq = await ExpectJson(await Http.GetAsync("/api/v1/knowledge/faq"), HttpStatusCode.OK);
        faq["items"]!.AsArray().Should().HaveCount(4);
    }

    [Fact]
    public async Task Seeding_again_keeps_edited_requisites_and_adds_no_second_faq()
    {
        await SeedAsync();
        await GeneratedDocumentTexts.PatchProfileAsync(
            Http,
            DemoDataSeeder.PartnerAlphaId,
            new { signatoryName = "Новиков Николай Николаевич" }
        );

        await SeedAsync();

        var profile = await ExpectJson(
            await Http.GetAsync($"/api/v1/organizations/{DemoDataSeeder.PartnerAlphaId}"),
            HttpStatusCode.OK
        );
        profile["signatoryName"]!.GetValue<string>().Should().Be("Новиков Николай Николаевич");
        profile["inn"]!.GetValue<string>().Should().Be("7736207543");
        var faq = await ExpectJson(await Http.GetAsync("/api/v1/knowledge/faq"), HttpStatusCode.OK);
        faq["items"]!.AsArray().Should().HaveCount(4);
    }

    private Task SeedAsync() =>
        Server.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
            return true;
        });
}
