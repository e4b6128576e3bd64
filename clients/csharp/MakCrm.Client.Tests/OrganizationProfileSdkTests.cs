using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>An organization's profile, head office's block, trash and purge, and host names with their branding, through the SDK.</summary>
public sealed class OrganizationProfileSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task The_owner_reads_and_edits_its_company_with_the_etag_and_a_wrong_check_digit_names_the_field()
    {
        using var http = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var owner = new MakCrmApiClient(http);

        var read = await owner.GetOrganizationAsync(TestActors.PartnerAlphaOrganization);
        read.ETag.Should().NotBeNullOrEmpty();
        var edited = await owner.UpdateOrganizationProfileAsync(TestActors.PartnerAlphaOrganization, read.ETag!, new UpdateOrganizationProfileRequest
        {
            LegalName = "ООО «Альфа»",
            LegalForm = UpdateOrganizationProfileRequestLegalForm.Ooo,
            Inn = "7707083893",
            Kpp = "773601001",
            Ogrn = "1027700132195",
            Bik = "044525225",
            CorrespondentAccount = "30101810400000000225",
            SettlementAccount = "40702810400000000225",
            TaxRegime = UpdateOrganizationProfileRequestTaxRegime.Usn_income,
        });
        edited.Result.Ogrn.Should().Be("1027700132195");
        edited.Result.TaxRegime.Should().Be(OrganizationTaxRegime.Usn_income);

        var wrong = await Expect.ProblemAsync(
            () => owner.UpdateOrganizationProfileAsync(TestActors.PartnerAlphaOrganization, edited.ETag!, new UpdateOrganizationProfileRequest { SettlementAccount = "40702810400000000226" }),
            400, "validation_failed");
        wrong.Errors.Should().ContainKey("settlementAccount");
        await Expect.ProblemAsync(
            () => owner.UpdateOrganizationProfileAsync(TestActors.PartnerAlphaOrganization, read.ETag!, new UpdateOrganizationProfileRequest { City = "Тверь" }),
            412, "precondition_failed");
    }

    [Fact]
    public async Task Head_office_searches_blocks_trashes_restores_and_purges_an_organization()
    {
        var id = await Server.CreateOrganizationAsync(MakCrm.Domain.Organizations.OrganizationKind.Partner, "СДК Компания");
        await Api.UpdateOrganizationProfileAsync(id, "*", new UpdateOrganizationProfileRequest { LegalForm = UpdateOrganizationProfileRequestLegalForm.Ooo, Inn = "7702235133", City = "Самара" });

        (await Api.ListOrganizationsAsync(q: "сдк", inn: "7702235133", city: "самара")).Result.Items.Select(o => o.Id).Should().Equal(id);

        (await Api.BlockOrganizationAsync(id)).Result.Status.Should().Be(OrganizationStatus.Blocked);
        (await Api.UnblockOrganizationAsync(id)).Result.Status.Should().Be(OrganizationStatus.Active);

        await Api.DeleteOrganizationAsync(id);
        (await Api.ListOrganizationTrashAsync(q: "сдк")).Result.Items.Select(o => o.Id).Should().Equal(id);
        (await Api.RestoreOrganizationAsync(id)).Result.DeletedAt.Should().BeNull();
        await Expect.ProblemAsync(() => Api.PurgeOrganizationAsync(id), 409, "organization_not_in_trash");

        await Api.DeleteOrganizationAsync(id);
        (await Api.PurgeOrganizationAsync(id)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetOrganizationAsync(id), 404, "not_found");
    }

    [Fact]
    public async Task A_claimed_host_brands_the_sign_in_page_and_cannot_be_claimed_twice()
    {
        await Api.UpdateOrganizationProfileAsync(TestActors.PartnerAlphaOrganization, "*", new UpdateOrganizationProfileRequest { LogoUrl = "https://cdn.example/alpha.png" });
        var claimed = await Api.ClaimOrganizationHostAsync(TestActors.PartnerAlphaOrganization, new ClaimHostRequest { Host = "Sdk.Cabinet.Example" });
        claimed.StatusCode.Should().Be(201);
        claimed.Result.Host.Should().Be("sdk.cabinet.example");
        await Expect.ProblemAsync(
            () => Api.ClaimOrganizationHostAsync(TestActors.PartnerBetaOrganization, new ClaimHostRequest { Host = "sdk.cabinet.example" }), 409, "host_taken");
        (await Api.ListOrganizationHostsAsync(TestActors.PartnerAlphaOrganization)).Result.Items.Select(h => h.Host).Should().Equal("sdk.cabinet.example");

        var anonymous = new MakCrmApiClient(Server.CreateHttpClient());
        var branding = await anonymous.GetBrandingAsync("sdk.cabinet.example");
        branding.Result.Name.Should().Be("Партнёр Альфа");
        branding.Result.LogoUrl.Should().Be("https://cdn.example/alpha.png");

        await Api.ReleaseOrganizationHostAsync(TestActors.PartnerAlphaOrganization, "sdk.cabinet.example");
        await Expect.ProblemAsync(() => anonymous.GetBrandingAsync("sdk.cabinet.example"), 404, "not_found");
    }
}
