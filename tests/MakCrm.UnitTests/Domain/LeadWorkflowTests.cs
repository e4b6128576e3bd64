using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.UnitTests.Domain;

public sealed class LeadWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly LeadActor Manager = new(Guid.CreateVersion7(), null);

    private static LeadStatus Status(string code, params string[] transitions) =>
        LeadStatus.Create(Guid.CreateVersion7(), code, new LeadStatusDetails(code, "#000000", LeadStatusKind.Open, transitions, Initial: true, AllowedRoles: []), 1, Now);

    private static Lead NewLead(string comment = "Первый звонок") =>
        Lead.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), new LeadDetails(1000m, LoanProduct.Auto, comment, "new", null), Manager, Now);

    [Fact]
    public void Creation_records_the_initial_values_of_the_tracked_fields()
    {
        var lead = NewLead();

        lead.History.Select(h => (h.Field, h.OldValue, h.NewValue)).Should().BeEquivalentTo(
            [("status", (string?)null, "new"), ("requestedAmount", null, "1000.00"), ("comment", null, "Первый звонок")]);
        lead.History.Should().AllSatisfy(h => (h.LeadId, h.ActorUserId, h.At).Should().Be((lead.Id, Manager.UserId, Now)));
    }

    [Fact]
    public void An_update_records_only_what_changed_and_a_refused_status_change_changes_nothing()
    {
        var lead = NewLead();
        var later = Now.AddMinutes(5);
        var bot = new LeadActor(null, "telegram-bot");
        var allowed = lead.Update(lead.Details with { Status = "in_progress", Product = LoanProduct.Mortgage }, Status("new", "in_progress"), bot, later);

        allowed.IsSuccess.Should().BeTrue();
        lead.History.Skip(3).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Field = "status", OldValue = "new", NewValue = "in_progress", ActorUserId = (Guid?)null, ActorClientId = "telegram-bot", At = later });

        var refused = lead.Update(lead.Details with { Status = "issued", RequestedAmount = 5m }, Status("in_progress", "approved"), bot, later);

        refused.Error!.Code.Should().Be(ErrorCodes.LeadStatusTransitionNotAllowed);
        refused.Error.Extensions!["allowedStatuses"].Should().BeEquivalentTo(new[] { "approved" });
        (lead.Status, lead.RequestedAmount, lead.Version, lead.History.Count).Should().Be(("in_progress", 1000m, 2, 4));
    }

    [Fact]
    public void Forgetting_a_transition_changes_the_status_only_when_it_allowed_it()
    {
        var status = Status("in_progress", "approved", "rejected", "approved");
        status.Transitions.Should().Equal("approved", "rejected");

        status.ForgetTransitionTo("returned", Now);
        status.Version.Should().Be(1);
        status.ForgetTransitionTo("approved", Now);
        status.Transitions.Should().Equal("rejected");
        status.Version.Should().Be(2);
    }
}
