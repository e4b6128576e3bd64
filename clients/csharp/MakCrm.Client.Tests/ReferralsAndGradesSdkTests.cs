using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The referral program and grades through the SDK.</summary>
public sealed class ReferralsAndGradesSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static RegistrationRequest Registration(string inn, LegalForm form, string? referralCode) => new()
    {
        Kind = OrganizationKind.Partner,
        CompanyName = "ООО «Рефералов»",
        LegalForm = form,
        Inn = inn,
        ContactPhone = $"+7999{Random.Shared.Next(1_000_000, 9_999_999)}",
        ContactEmail = $"sdk-ref-{Guid.NewGuid():N}@partner.example",
        FullName = "Рефералов Роман",
        Password = "Referral-Password-2026",
        ReferralCode = referralCode,
    };

    [Fact]
    public async Task A_registration_through_a_code_is_a_referral_and_head_office_corrects_it()
    {
        var anonymous = Anonymous();
        var referrer = (await anonymous.RegisterOrganizationAsync(Registration("7707083893", LegalForm.Ooo, null))).Result;
        await Api.ApproveOrganizationAsync(referrer.Id);
        var program = (await Api.GetReferralProgramAsync(referrer.Id)).Result;
        program.Code.Should().HaveLength(8);
        program.Link.Should().EndWith($"/r/{program.Code}");
        program.Earned.Should().BeEquivalentTo(new { OnHold = 0m, Available = 0m, Paid = 0m });

        var referred = (await anonymous.RegisterOrganizationAsync(Registration("500100732259", LegalForm.Ip, program.Code))).Result;
        var referrals = (await Api.ListReferralsAsync(referrer.Id, level: 1)).Result;
        referrals.Items.Should().ContainSingle().Which.Should().BeEquivalentTo(new { OrganizationId = referred.Id, Level = 1, Status = OrganizationStatus.Pending, LeadCount = 0 });
        await Expect.ProblemAsync(() => anonymous.RegisterOrganizationAsync(Registration("7707083893", LegalForm.Ooo, program.Code)), 422, "referral_self");

        // The referrer is required and nullable: the SDK writes the null, which removes it (leaving it out would be a 400).
        var corrected = (await Api.SetOrganizationReferrerAsync(referred.Id, new SetReferrerRequest { ReferrerOrganizationId = null, Reason = "Ошибочная привязка" })).Result;
        corrected.ReferrerOrganizationId.Should().BeNull();
        corrected.ReferrerCorrectionReason.Should().Be("Ошибочная привязка");
        await Expect.ProblemAsync(
            () => Api.SetOrganizationReferrerAsync(referrer.Id, new SetReferrerRequest { ReferrerOrganizationId = referrer.Id, Reason = "Сам себя" }), 422, "referral_self");
    }

    [Fact]
    public async Task Head_office_keeps_a_grade_table_and_overrides_a_grade_with_a_reason()
    {
        var created = await Api.CreateGradeAsync(new CreateGradeRequest
        {
            OrganizationKind = OrganizationKind.Partner, Code = "sdk_gold", Name = "Золото", Rank = 3, Basis = GradeBasis.Issued_volume, Threshold = 30_000_000m, PeriodMonths = 3,
        });
        created.StatusCode.Should().Be(201);
        var changed = (await Api.UpdateGradeAsync(created.Result.Id, new UpdateGradeRequest
        {
            Name = "Золото", Rank = 3, Basis = GradeBasis.Issued_count, Threshold = 20, PeriodMonths = 6,
        })).Result;
        changed.Basis.Should().Be(GradeBasis.Issued_count);
        (await Api.ListGradesAsync(OrganizationKind.Partner)).Result.Items.Select(g => g.Code).Should().Contain("sdk_gold");
        await Expect.ProblemAsync(
            () => Api.CreateGradeAsync(new CreateGradeRequest
            {
                OrganizationKind = OrganizationKind.Partner, Code = "SDK_GOLD", Name = "Дубль", Rank = 4, Basis = GradeBasis.Issued_count, Threshold = 1, PeriodMonths = 1,
            }), 409, "grade_exists");

        var alpha = TestActors.PartnerAlphaOrganization;
        await Api.SetOrganizationGradeAsync(alpha, new SetOrganizationGradeRequest { Grade = "sdk_gold", Reason = "Перевод по итогам квартала" });
        var history = (await Api.ListGradeHistoryAsync(alpha)).Result.Items;
        history.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Grade = "sdk_gold", Source = GradeHistoryEntrySource.Override, Reason = "Перевод по итогам квартала" });
        var progress = (await Api.GetGradeProgressAsync(alpha)).Result;
        progress.Grade.Should().Be("sdk_gold");
        progress.NextGrade.Should().BeNull("it is the top grade");
        await Api.SetOrganizationGradeAsync(alpha, new SetOrganizationGradeRequest { Grade = null, Reason = "Отмена" });
    }
}
