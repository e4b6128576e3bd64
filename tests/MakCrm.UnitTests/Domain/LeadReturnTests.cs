using MakCrm.Domain.Common;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;

namespace MakCrm.UnitTests.Domain;

public sealed class LeadReturnTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static readonly ReturnableCharge Charge = new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), 1500m, null, Now.AddHours(-2));

    [Fact]
    public void A_return_is_decided_once()
    {
        var leadReturn = LeadReturn.Request(Guid.CreateVersion7(), Charge, LeadReturnReason.Duplicate, "  дубль  ", null, Now);
        leadReturn.Comment.Should().Be("дубль");

        leadReturn.Reject("Клиент на связи", null, Now).IsSuccess.Should().BeTrue();
        var again = leadReturn.Accept(Guid.CreateVersion7(), null, Now);

        again.Error!.Code.Should().Be(ErrorCodes.LeadReturnDecided);
        leadReturn.Status.Should().Be(LeadReturnStatus.Rejected);
        leadReturn.RefundEntryId.Should().BeNull();
        leadReturn.Version.Should().Be(2);
    }

    [Theory]
    [InlineData(71.9, false)]
    [InlineData(72, false)]
    [InlineData(72.01, true)]
    public void The_return_period_runs_from_the_charge(double hoursLater, bool expired)
    {
        new ReturnWithinPeriod(Charge, TimeSpan.FromHours(72), Charge.ChargedAt.AddHours(hoursLater)).IsBroken().Should().Be(expired);
    }

    [Theory]
    [InlineData(100, -100, false)]
    [InlineData(100, -100.01, true)]
    [InlineData(-5, 10, false)]
    [InlineData(0, -0.01, true)]
    public void Only_taking_money_needs_the_available_balance(double available, double amount, bool broken)
    {
        new AvailableBalanceMustCover((decimal)available, (decimal)amount).IsBroken().Should().Be(broken);
    }

    [Fact]
    public void Handing_over_records_the_organization_status_and_manager_changes()
    {
        var franchisee = Guid.CreateVersion7();
        var manager = Guid.CreateVersion7();
        var lead = Lead.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), franchisee, new LeadDetails(1000m, LoanProduct.Auto, null, "in_progress", manager), new LeadActor(null, null), Now);
        var headOffice = Guid.CreateVersion7();

        var headOfficeClient = Guid.CreateVersion7();

        lead.HandOver("returned", headOffice, headOfficeClient, new LeadActor(null, "bot"), Now.AddHours(1));

        (lead.OrganizationId, lead.ClientId, lead.Status, lead.ResponsibleUserId, lead.Version).Should().Be((headOffice, headOfficeClient, "returned", (Guid?)null, 2));
        lead.History.Where(h => h.At == Now.AddHours(1)).Select(h => (h.Field, h.OldValue, h.NewValue)).Should().BeEquivalentTo(
            [("organizationId", franchisee.ToString(), headOffice.ToString()), ("status", "in_progress", "returned"), ("responsibleUserId", manager.ToString(), (string?)null)]);
    }
}
