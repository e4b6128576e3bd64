using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Self-registration and head office's decision, through the SDK.</summary>
public sealed class OrganizationsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_registration_is_pending_until_approved_and_a_rejection_keeps_its_reason()
    {
        var anonymous = new MakCrmApiClient(Server.CreateHttpClient());
        var first = await anonymous.RegisterOrganizationAsync(Registration($"sdk-{Guid.NewGuid():N}@partner.example"));
        var second = await anonymous.RegisterOrganizationAsync(Registration($"sdk-{Guid.NewGuid():N}@partner.example"));
        first.StatusCode.Should().Be(201);
        first.Result.Status.Should().Be(OrganizationStatus.Pending);
        first.Result.ContactPhone.Should().Be("+79151234567");

        var pending = await Api.ListOrganizationsAsync(status: OrganizationStatus.Pending, kind: OrganizationKind.Partner);
        pending.Result.Items.Select(o => o.Id).Should().Contain([first.Result.Id, second.Result.Id]);

        var approved = await Api.ApproveOrganizationAsync(first.Result.Id);
        approved.Result.Status.Should().Be(OrganizationStatus.Active);
        var rejected = await Api.RejectOrganizationAsync(second.Result.Id, new RejectOrganizationRequest { Reason = "Нет выписки ЕГРЮЛ" });
        rejected.Result.Status.Should().Be(OrganizationStatus.Rejected);
        rejected.Result.RejectionReason.Should().Be("Нет выписки ЕГРЮЛ");

        var twice = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() => Api.ApproveOrganizationAsync(second.Result.Id));
        twice.StatusCode.Should().Be(409);
        twice.Result.Code.Should().Be("organization_not_pending");
    }

    [Fact]
    public async Task A_bad_inn_is_a_field_error_and_partners_cannot_decide_registrations()
    {
        var anonymous = new MakCrmApiClient(Server.CreateHttpClient());
        var registration = Registration($"sdk-{Guid.NewGuid():N}@partner.example");
        registration.Inn = "7707083894";

        var invalid = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() => anonymous.RegisterOrganizationAsync(registration));
        invalid.StatusCode.Should().Be(400);
        invalid.Result.Errors.Should().ContainKey("inn");

        using var http = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var partner = new MakCrmApiClient(http);
        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() => partner.ListOrganizationsAsync());
        refused.StatusCode.Should().Be(403);
    }

    [Fact]
    public async Task A_registration_check_keeps_the_registers_answer_on_the_organization()
    {
        var anonymous = new MakCrmApiClient(Server.CreateHttpClient());
        var registered = await anonymous.RegisterOrganizationAsync(Registration($"sdk-{Guid.NewGuid():N}@partner.example"));
        registered.Result.RegistrationCheck.Should().BeNull();

        // This server has no address for ЕГРЮЛ/ЕГРИП: the check is unavailable, never clear, and approval goes on.
        var checkedOrganization = await Api.CheckOrganizationRegistrationAsync(registered.Result.Id);
        var check = checkedOrganization.Result.RegistrationCheck!;
        (check.Outcome, check.Reason).Should().Be((BorrowerCheckOutcome.Unavailable, BorrowerCheckUnavailableReason.Not_configured));
        check.CheckedBy.Should().Be(await Server.UserIdAsync(TestActor.Admin));
        (await Api.GetOrganizationAsync(registered.Result.Id)).Result.RegistrationCheck!.CheckedAt.Should().Be(check.CheckedAt);
        (await Api.ApproveOrganizationAsync(registered.Result.Id)).Result.Status.Should().Be(OrganizationStatus.Active);

        var noNumber = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(
            () => Api.CheckOrganizationRegistrationAsync(TestActor.Admin.Organization()));
        (noNumber.StatusCode, noNumber.Result.Code).Should().Be((409, "organization_registration_number_missing"));
    }

    private static RegistrationRequest Registration(string email) => new()
    {
        Kind = OrganizationKind.Partner,
        CompanyName = "ООО «Кредитный Советник»",
        LegalForm = LegalForm.Ooo,
        Inn = "7707083893",
        City = "Тверь",
        ContactPhone = "8 (915) 123-45-67",
        ContactEmail = email,
        FullName = "Советников Сергей",
        Password = "Partner-Password-2026",
    };
}
