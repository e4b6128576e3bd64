using MakCrm.Domain.Help;

namespace MakCrm.UnitTests.Domain;

public sealed class TicketTests
{
    private static readonly Guid Author = Guid.CreateVersion7();
    private static readonly Guid Support = Guid.CreateVersion7();

    [Fact]
    public void Support_first_public_message_is_the_first_response_and_resolution_is_recorded_and_cleared_on_reopen()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var (ticket, first) = Ticket.Open(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Author, " Вопрос ", TicketCategory.Other,
            TicketPriority.Normal, "Текст", [], clock.GetUtcNow());
        ticket.Subject.Should().Be("Вопрос");
        first.FromSupport.Should().BeFalse();

        clock.Advance(TimeSpan.FromMinutes(5));
        ticket.AddMessage(Guid.CreateVersion7(), Support, true, true, "Заметка", [], clock.GetUtcNow()).IsSuccess.Should().BeTrue();
        ticket.FirstResponseAt.Should().BeNull("an internal note is no response");

        clock.Advance(TimeSpan.FromMinutes(10));
        ticket.AddMessage(Guid.CreateVersion7(), Support, true, false, "Ответ", [], clock.GetUtcNow());
        ticket.FirstResponseAt.Should().Be(new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero));
        clock.Advance(TimeSpan.FromMinutes(1));
        ticket.AddMessage(Guid.CreateVersion7(), Support, true, false, "Ещё ответ", [], clock.GetUtcNow());
        ticket.FirstResponseAt.Should().Be(new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero), "only the first counts");

        clock.Advance(TimeSpan.FromHours(2));
        ticket.ChangeStatus(TicketStatus.Resolved, clock.GetUtcNow()).Value.Should().BeTrue();
        ticket.ResolvedAt.Should().Be(new DateTimeOffset(2026, 11, 23, 11, 16, 0, TimeSpan.Zero));
        ticket.ChangeStatus(TicketStatus.Resolved, clock.GetUtcNow()).Value.Should().BeFalse("the same status again changes nothing");

        clock.Advance(TimeSpan.FromDays(1));
        ticket.AddMessage(Guid.CreateVersion7(), Author, false, false, "Снова", [], clock.GetUtcNow());
        ticket.Status.Should().Be(TicketStatus.Open);
        ticket.ResolvedAt.Should().BeNull();
        ticket.MessageCount.Should().Be(4);
    }

    [Fact]
    public void Only_a_customer_message_opens_a_ticket_and_a_closed_ticket_is_final()
    {
        var now = DateTimeOffset.UtcNow;
        var (ticket, _) = Ticket.Open(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Author, "Вопрос", TicketCategory.Leads,
            TicketPriority.High, "Текст", [], now);
        ticket.ChangeStatus(TicketStatus.WaitingForCustomer, now);
        ticket.ChangeStatus(TicketStatus.Open, now).Error!.Code.Should().Be("ticket_status_change_not_allowed");

        ticket.ChangeStatus(TicketStatus.Closed, now).IsSuccess.Should().BeTrue();
        ticket.ClosedAt.Should().Be(now);
        ticket.ResolvedAt.Should().Be(now, "closing an unresolved ticket resolves it");
        ticket.ChangeStatus(TicketStatus.InProgress, now).Error!.Code.Should().Be("ticket_status_change_not_allowed");
        ticket.AddMessage(Guid.CreateVersion7(), Author, false, false, "Ещё", [], now).Error!.Code.Should().Be("ticket_closed");
    }

    [Fact]
    public void A_customer_cannot_write_an_internal_note()
    {
        var now = DateTimeOffset.UtcNow;
        var (ticket, _) = Ticket.Open(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Author, "Вопрос", TicketCategory.Leads,
            TicketPriority.Low, "Текст", [], now);
        ticket.AddMessage(Guid.CreateVersion7(), Author, false, true, "Тайно", [], now).Value.Internal.Should().BeFalse();
    }
}
