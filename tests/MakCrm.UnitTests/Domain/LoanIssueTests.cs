using MakCrm.Domain.Common;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Pipelines;

namespace MakCrm.UnitTests.Domain;

public sealed class LoanIssueTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly LoanIssueDetails Issued = new(new DateOnly(2026, 11, 20), 1_500_000m, "sberbank", LoanProduct.Consumer, 60);

    private static Deal NewDeal()
    {
        var stage = Pipeline.Create(Guid.CreateVersion7(), "Воронка", 1, ["Новая"], Guid.CreateVersion7, Now).WorkingStages[0];
        return Deal.Create(
            Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(),
            new DealDetails(null, "Кредит", 1_500_000m, null, LoanProduct.Consumer, null), stage, new LeadActor(null, null), Now);
    }

    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("0.015", "0.02")]
    [InlineData("0.025", "0.03")]
    [InlineData("1234.5649", "1234.56")]
    [InlineData("10", "10")]
    public void Money_is_rounded_to_kopecks_half_away_from_zero(string amount, string rounded) =>
        Money.ToKopecks(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(decimal.Parse(rounded, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void An_issue_is_recorded_once_replays_change_nothing_and_another_over_it_is_refused()
    {
        var deal = NewDeal();

        deal.RecordLoanIssue(Issued, Now).Value.Should().BeTrue();
        var version = deal.Version;
        deal.RecordLoanIssue(Issued, Now).Value.Should().BeFalse();
        deal.Version.Should().Be(version);
        deal.RecordLoanIssue(Issued with { Amount = 1m }, Now).Error!.Code.Should().Be(ErrorCodes.LoanAlreadyIssued);
        deal.Loan.Should().Be(new LoanIssue(1, Issued, null));
    }

    [Fact]
    public void A_cancellation_needs_a_live_issue_not_before_it_and_a_re_issue_after_it_is_the_next_number()
    {
        var deal = NewDeal();
        var cancellation = new LoanCancellation(new DateOnly(2026, 11, 22), LoanCancellationReason.EarlyReturn);
        deal.CancelLoan(cancellation, Now).Error!.Code.Should().Be(ErrorCodes.LoanNotIssued);

        deal.RecordLoanIssue(Issued, Now);
        deal.CancelLoan(cancellation with { CancelledOn = new DateOnly(2026, 11, 19) }, Now).Error!.Code.Should().Be(ErrorCodes.ValidationFailed);
        deal.CancelLoan(cancellation, Now).Value.Should().BeTrue();
        deal.CancelLoan(cancellation, Now).Value.Should().BeFalse();
        deal.CancelLoan(cancellation with { Reason = LoanCancellationReason.BankClawback }, Now).Error!.Code.Should().Be(ErrorCodes.LoanNotIssued);

        deal.RecordLoanIssue(Issued, Now).Value.Should().BeTrue();
        deal.Loan.Should().Be(new LoanIssue(2, Issued, null));
    }
}
