using MakCrm.Domain.Common;
using MakCrm.Domain.Settlements;

namespace MakCrm.UnitTests.Domain;

public sealed class SettlementActTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Partner = Guid.CreateVersion7();
    private static readonly Guid HeadOfficeUser = Guid.CreateVersion7();

    private static SettlementActLine Line(decimal amount, string kind = "accrual") =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), 1, kind, amount, Now.AddDays(-40), "Сделка", "Иванов И. И.", new DateOnly(2026, 10, 1), "consumer", 500_000m, null);

    private static SettlementAct Draft(params decimal[] amounts) =>
        SettlementAct.Draft(Guid.CreateVersion7(), Partner, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            amounts.Select(a => Line(a)).ToList(), null, HeadOfficeUser, Now).Value!;

    [Fact]
    public void A_draft_totals_its_lines_reversals_included()
    {
        var act = Draft(1000m, 250.55m, -200m);

        act.Status.Should().Be(SettlementActStatus.Draft);
        act.Total.Should().Be(1050.55m);
        act.Lines.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 100.0, -100.0 })]
    [InlineData(new[] { 100.0, -150.0 })]
    public void A_draft_that_pays_nothing_is_refused(double[] amounts)
    {
        var drafted = SettlementAct.Draft(Guid.CreateVersion7(), Partner, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            amounts.Select(a => Line((decimal)a)).ToList(), null, HeadOfficeUser, Now);

        drafted.IsSuccess.Should().BeFalse();
        drafted.Error!.Code.Should().Be(ErrorCodes.SettlementNothingToPay);
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused()
    {
        var drafted = SettlementAct.Draft(Guid.CreateVersion7(), Partner, new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1),
            [Line(10m)], null, HeadOfficeUser, Now);

        drafted.Error!.Kind.Should().Be(ErrorKind.Validation);
    }

    [Fact]
    public void An_act_goes_from_draft_to_issued_accepted_and_paid_and_never_back()
    {
        var act = Draft(1000m);
        var document = Guid.CreateVersion7();

        act.Issue("А-2026-000001", new DateOnly(2026, 12, 1), document, Now).IsSuccess.Should().BeTrue();
        act.Issue("А-2026-000002", new DateOnly(2026, 12, 1), Guid.CreateVersion7(), Now).Error!.Code.Should().Be(ErrorCodes.SettlementActState);
        act.Number.Should().Be("А-2026-000001");
        act.DocumentId.Should().Be(document);

        act.Accept(new SettlementAcceptance(Guid.CreateVersion7(), Now, "127.0.0.1", new string('a', 64)), Now).IsSuccess.Should().BeTrue();
        act.RecordPayout(new SettlementPayout(new DateOnly(2026, 12, 5), 1000m, null, null, HeadOfficeUser), false, Now).IsSuccess.Should().BeTrue();

        act.Status.Should().Be(SettlementActStatus.Paid);
        act.Discard(Now).Error!.Code.Should().Be(ErrorCodes.SettlementActState);
        act.CanBeCorrected().IsSuccess.Should().BeFalse();
        act.MarkCorrected(Now).IsSuccess.Should().BeFalse();
    }

    [Fact]
    public void Only_a_draft_is_discarded_and_only_an_issued_act_is_accepted()
    {
        var act = Draft(10m);

        act.Accept(new SettlementAcceptance(Guid.CreateVersion7(), Now, null, "x"), Now).Error!.Code.Should().Be(ErrorCodes.SettlementActState);
        act.Discard(Now).IsSuccess.Should().BeTrue();
        act.DeletedAt.Should().Be(Now);
    }

    [Fact]
    public void A_payout_settles_the_total_exactly_and_a_self_employed_partner_needs_a_receipt()
    {
        var act = Draft(1234.56m);
        act.Issue("А-2026-000003", new DateOnly(2026, 12, 1), Guid.CreateVersion7(), Now);

        act.RecordPayout(new SettlementPayout(new DateOnly(2026, 12, 2), 1234.55m, null, null, HeadOfficeUser), false, Now)
            .Error!.Code.Should().Be(ErrorCodes.SettlementPayoutMismatch);
        act.RecordPayout(new SettlementPayout(new DateOnly(2026, 12, 2), 1234.56m, " ", null, HeadOfficeUser), true, Now)
            .Error!.Code.Should().Be(ErrorCodes.SettlementReceiptRequired);
        act.RecordPayout(new SettlementPayout(new DateOnly(2026, 12, 2), 1234.56m, "20abc1", null, HeadOfficeUser), true, Now)
            .IsSuccess.Should().BeTrue();
        act.Payout!.TaxReceiptNumber.Should().Be("20abc1");
    }

    [Fact]
    public void An_issued_unpaid_act_can_be_corrected_and_is_then_marked_so()
    {
        var act = Draft(500m);
        act.CanBeCorrected().IsSuccess.Should().BeFalse();
        act.Issue("А-2026-000004", new DateOnly(2026, 12, 1), Guid.CreateVersion7(), Now);

        act.CanBeCorrected().IsSuccess.Should().BeTrue();
        act.MarkCorrected(Now).IsSuccess.Should().BeTrue();
        act.Status.Should().Be(SettlementActStatus.Corrected);
        act.RecordPayout(new SettlementPayout(new DateOnly(2026, 12, 2), 500m, null, null, HeadOfficeUser), false, Now).IsSuccess.Should().BeFalse();
    }

    [Fact]
    public void An_acceptance_code_is_spent_once_expires_and_wears_out()
    {
        var challenge = AcceptanceChallenge.Issue(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "right", Now);

        challenge.Answer("wrong", Now).Error!.Code.Should().Be(ErrorCodes.SettlementAcceptanceCodeInvalid);
        challenge.Answer("right", Now.AddMinutes(1)).IsSuccess.Should().BeTrue();
        challenge.Answer("right", Now.AddMinutes(1)).IsSuccess.Should().BeFalse();

        var expired = AcceptanceChallenge.Issue(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "right", Now);
        expired.Answer("right", Now + AcceptanceChallenge.Lifetime).IsSuccess.Should().BeFalse();

        var guessed = AcceptanceChallenge.Issue(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "right", Now);
        for (var i = 0; i < AcceptanceChallenge.MaxAttempts; i++)
        {
            guessed.Answer("wrong", Now);
        }

        guessed.Answer("right", Now).IsSuccess.Should().BeFalse();
    }
}

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("Иванов Иван Иванович", "Иванов И. И.")]
    [InlineData("  Петрова   анна ", "Петрова А.")]
    [InlineData("Ким", "Ким")]
    [InlineData("Сидоров Пётр Петрович Оглы", "Сидоров П. П.")]
    [InlineData("", "")]
    public void Prints_the_surname_and_initials(string fullName, string expected) =>
        PersonName.SurnameAndInitials(fullName).Should().Be(expected);
}
