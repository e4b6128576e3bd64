using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The bank list and the loan issued on a deal, through the SDK.</summary>
public sealed class MoneySdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Banks_are_listed_added_and_deactivated()
    {
        (await Api.ListBanksAsync()).Result.Items.Select(b => b.Code).Should().Contain("sberbank");

        var created = await Api.CreateBankAsync(new CreateBankRequest { Code = "sdk_bank", Name = "Банк SDK" });
        created.StatusCode.Should().Be(201);
        created.Result.Should().BeEquivalentTo(new { Code = "sdk_bank", Name = "Банк SDK", Active = true });

        var changed = await Api.UpdateBankAsync("sdk_bank", created.ETag!, new UpdateBankRequest { Active = false });
        changed.Result.Active.Should().BeFalse();
        await Expect.ProblemAsync(() => Api.CreateBankAsync(new CreateBankRequest { Code = "sdk_bank", Name = "Дубль" }), 409, "bank_exists");
    }

    [Fact]
    public async Task A_deal_records_its_loan_issue_and_its_cancellation()
    {
        var borrower = await Api.CreateClientAsync(TestData.NewClient("Кредитов Карп"));
        var deal = await Api.CreateDealAsync(new CreateDealRequest { ClientId = borrower.Result.Id, Title = "Потребкредит", Amount = 700_000m, Product = LoanProduct.Consumer });
        deal.Result.Loan.Should().BeNull();

        var issued = await Api.RecordLoanIssueAsync(deal.Result.Id, new RecordLoanIssueRequest
        {
            IssuedOn = Today, Amount = 650_000m, BankCode = "vtb", Product = LoanProduct.Consumer, TermMonths = 36,
        });
        issued.Result.Loan!.Should().BeEquivalentTo(new { Number = 1, Amount = 650_000m, BankCode = "vtb", Product = LoanProduct.Consumer, TermMonths = 36 });
        issued.Result.Loan!.IssuedOn.Should().Be(Today);

        var cancelled = await Api.CancelLoanIssueAsync(deal.Result.Id, new CancelLoanIssueRequest { CancelledOn = Today, Reason = LoanCancellationReason.Early_return });
        cancelled.Result.Loan!.CancellationReason.Should().Be(LoanCancellationReason.Early_return);
        await Expect.ProblemAsync(
            () => Api.CancelLoanIssueAsync(deal.Result.Id, new CancelLoanIssueRequest { CancelledOn = Today, Reason = LoanCancellationReason.Bank_clawback }), 409, "loan_not_issued");
    }

    [Fact]
    public async Task The_fee_the_bank_paid_is_recorded_on_a_live_issue_and_replayed_unchanged()
    {
        var borrower = await Api.CreateClientAsync(TestData.NewClient("Комиссионов Карл"));
        var deal = await Api.CreateDealAsync(new CreateDealRequest { ClientId = borrower.Result.Id, Title = "Ипотека", Amount = 5_000_000m, Product = LoanProduct.Mortgage });
        await Expect.ProblemAsync(
            () => Api.RecordLoanFeeAsync(deal.Result.Id, new RecordLoanFeeRequest { Amount = 45_000m, ReceivedOn = Today }), 409, "loan_not_issued");

        var issued = await Api.RecordLoanIssueAsync(deal.Result.Id, new RecordLoanIssueRequest
        {
            IssuedOn = Today, Amount = 5_000_000m, BankCode = "sberbank", Product = LoanProduct.Mortgage, TermMonths = 240,
        });
        var recorded = await Api.RecordLoanFeeAsync(deal.Result.Id, new RecordLoanFeeRequest { Amount = 45_000.50m, ReceivedOn = Today, Reference = "п/п 4512" }, issued.ETag);
        recorded.Result.Loan!.Fee.Should().BeEquivalentTo(new { Amount = 45_000.50m, Reference = "п/п 4512" });
        recorded.Result.Loan!.Fee!.ReceivedOn.Should().Be(Today);

        var replayed = await Api.RecordLoanFeeAsync(deal.Result.Id, new RecordLoanFeeRequest { Amount = 45_000.50m, ReceivedOn = Today, Reference = "п/п 4512" });
        replayed.ETag.Should().Be(recorded.ETag, "the same fee again changes nothing");
        await Expect.ProblemAsync(
            () => Api.RecordLoanFeeAsync(deal.Result.Id, new RecordLoanFeeRequest { Amount = 46_000m, ReceivedOn = Today }, issued.ETag), 412, "precondition_failed");
    }
}
