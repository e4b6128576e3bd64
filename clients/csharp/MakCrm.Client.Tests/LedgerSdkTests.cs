using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Balances, ledger entries, grades and lead returns, through the SDK.</summary>
public sealed class LedgerSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly Guid Franchisee = TestActors.FranchiseeOrganization;

    [Fact]
    public async Task Head_office_records_money_and_the_franchisee_reads_its_balance()
    {
        var deposit = await Api.RecordDepositAsync(new RecordLedgerEntryRequest { OrganizationId = Franchisee, Amount = 1000m, Comment = "Платёжное поручение № 3" });
        deposit.StatusCode.Should().Be(201);
        deposit.Result.Kind.Should().Be(LedgerEntryKind.Deposit);
        var adjustment = await Api.RecordAdjustmentAsync(new RecordLedgerEntryRequest { OrganizationId = Franchisee, Amount = -200m, Comment = "Коррекция" });
        adjustment.Result.Amount.Should().Be(-200m);
        (adjustment.Result.BalanceAfter, adjustment.Result.HeldAfter).Should().Be((800m, 0m), "the entry carries the balance right after it");
        var graded = await Api.SetOrganizationGradeAsync(Franchisee, new SetOrganizationGradeRequest { Grade = "Silver" });
        graded.Result.Grade.Should().Be("silver");

        using var http = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var franchisee = new MakCrmApiClient(http);
        var balance = await franchisee.GetBalanceAsync(Franchisee);
        balance.Result.Available.Should().Be(800m);
        balance.Result.Total.Should().Be(800m);
        balance.Result.Grade.Should().Be("silver");
        (await franchisee.ListBalancesAsync()).Result.Items.Select(b => b.OrganizationId).Should().Equal(Franchisee);
        var entries = await franchisee.ListLedgerEntriesAsync(kind: [LedgerEntryKind.Deposit]);
        entries.Result.Items.Select(e => e.Id).Should().Equal(deposit.Result.Id);
        var read = (await franchisee.GetLedgerEntryAsync(adjustment.Result.Id)).Result;
        (read.Comment, read.BalanceAfter).Should().Be(("Коррекция", 800m));
    }

    [Fact]
    public async Task An_adjustment_below_zero_is_a_conflict_with_the_available_balance()
    {
        await Api.RecordDepositAsync(new RecordLedgerEntryRequest { OrganizationId = Franchisee, Amount = 50m, Comment = "Пополнение" });

        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(
            () => Api.RecordAdjustmentAsync(new RecordLedgerEntryRequest { OrganizationId = Franchisee, Amount = -60m, Comment = "Списание" }));

        refused.StatusCode.Should().Be(409);
        refused.Result.Code.Should().Be("insufficient_balance");
        refused.Result.AvailableBalance.Should().Be(50m);
    }

    [Fact]
    public async Task A_franchisee_returns_a_bought_lead_and_head_office_accepts_or_rejects_it_once()
    {
        var first = await BoughtLead(700m);
        var second = await BoughtLead(300m);
        using var http = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var franchisee = new MakCrmApiClient(http);

        var requested = await franchisee.RequestLeadReturnAsync(first, new CreateLeadReturnRequest { Reason = LeadReturnReason.Unreachable });
        requested.StatusCode.Should().Be(201);
        requested.Result.Status.Should().Be(LeadReturnStatus.Requested);
        var other = await franchisee.RequestLeadReturnAsync(second, new CreateLeadReturnRequest { Reason = LeadReturnReason.Other, Comment = "Клиент в другом городе" });
        (await franchisee.ListLeadReturnsAsync(status: LeadReturnStatus.Requested)).Result.Items.Should().HaveCount(2);

        var accepted = await Api.AcceptLeadReturnAsync(requested.Result.Id);
        accepted.Result.Status.Should().Be(LeadReturnStatus.Accepted);
        (await Api.GetLedgerEntryAsync(accepted.Result.RefundEntryId!.Value)).Result.Amount.Should().Be(700m);
        var rejected = await Api.RejectLeadReturnAsync(other.Result.Id, new RejectLeadReturnRequest { Reason = "Клиент на связи" });
        rejected.Result.RejectionReason.Should().Be("Клиент на связи");
        (await franchisee.GetLeadReturnAsync(other.Result.Id)).Result.Status.Should().Be(LeadReturnStatus.Rejected);
        var timeline = await Api.GetLeadTimelineAsync(first);
        timeline.Result.Items.OfType<TimelineLedgerItem>().Select(i => i.LedgerEntry.Kind)
            .Should().Equal(LedgerEntryKind.Refund, LedgerEntryKind.Charge);

        var twice = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() => Api.AcceptLeadReturnAsync(requested.Result.Id));
        twice.StatusCode.Should().Be(409);
        twice.Result.Code.Should().Be("lead_return_decided");
    }

    [Fact]
    public async Task A_return_of_a_lead_the_franchisee_did_not_buy_is_refused()
    {
        using var http = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var franchisee = new MakCrmApiClient(http);
        var submitted = await franchisee.SubmitLeadAsync(new CreateLeadSubmissionRequest
        {
            FullName = "Сам Нашёл", Phone = "+7 916 000-11-22", Source = "external", RequestedAmount = 100000m, Product = LoanProduct.Consumer,
        });

        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(
            () => franchisee.RequestLeadReturnAsync(submitted.Result.Lead.Id, new CreateLeadReturnRequest { Reason = LeadReturnReason.Duplicate }));

        refused.StatusCode.Should().Be(409);
        refused.Result.Code.Should().Be("lead_not_returnable");
    }

    private async Task<Guid> BoughtLead(decimal price)
    {
        var client = await Api.CreateClientAsync(new CreateClientRequest { FullName = "Покупной Клиент", Phone = TestData.NextPhone(), Source = "partner" });
        var lead = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Result.Id, RequestedAmount = 500000m, Product = LoanProduct.Auto, Status = "auction" });
        await Purchases.BuyAsync(Server, lead.Result.Id, Franchisee, price);
        return lead.Result.Id;
    }
}
