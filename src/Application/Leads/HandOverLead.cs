using System.Globalization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Auction;
using MakCrm.Application.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Leads;

/// <summary>
/// Head office gives a lead to a partner or franchisee it chooses, without an auction; with a price, the franchisee's
/// ledger is charged as for a won lot, and the charge is returned the same way.
/// </summary>
public sealed record HandOverLeadCommand(Guid Id, Guid OrganizationId, decimal? Price) : ICommand<LeadDto>;

internal sealed class HandOverLeadValidator : AbstractValidator<HandOverLeadCommand>
{
    public HandOverLeadValidator()
    {
        RuleFor(c => c.OrganizationId).NotEqual(Guid.Empty).WithMessage("Must be an organization's id.");
        When(c => c.Price is not null, () => RuleFor(c => c.Price).ValidAmount());
    }
}

internal sealed class HandOverLeadHandler(
    ILeadRepository leads,
    IOrganizationRepository organizations,
    IAuctionRepository auctions,
    ILeadStatusRepository statuses,
    ILedger ledger,
    LeadClientHandover handover,
    OrganizationNotice notice,
    IEventOutbox events,
    ICurrentActor actor,
    AuctionOptions options,
    TimeProvider clock
) : ICommandHandler<HandOverLeadCommand, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(HandOverLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(command.Id, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken);
        if (lead is null)
        {
            return Error.NotFound("Lead", command.Id);
        }

        if (await Receiver(command, lead, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await auctions.HasOpenLotAsync(lead.Id, cancellationToken))
        {
            return new Error(
                ErrorCodes.LotAlreadyOpen,
                "The lead is up for auction in an open lot; it is handed over once the lot is closed.",
                ErrorKind.Conflict
            );
        }

        // The status is share-locked so that it cannot be deleted while the lead moves into it.
        if (await statuses.FindAsync(options.SoldStatus, RowLock.Share, cancellationToken) is null)
        {
            return new Error(
                ErrorCodes.Conflict,
                $"The lead status '{options.SoldStatus}' that handed-over leads go to was deleted; restore it first.",
                ErrorKind.Conflict
            );
        }

        var now = clock.UtcNowMicroseconds();
        if (command.Price is { } price)
        {
            var balance = await ledger.LockAsync(command.OrganizationId, cancellationToken);
            var covered = new AvailableBalanceMustCover(balance.Available, -price);
            if (covered.IsBroken())
            {
                return covered.Error;
            }

            ledger.Add(
                LedgerEntry.HandOverCharge(clock.NewId(), command.OrganizationId, price, lead.Id, actor.UserId, now)
            );
        }

        var before = LeadBefore.Of(lead);
        var from = lead.OrganizationId;
        var by = actor.AsLeadActor();
        lead.HandOver(
            options.SoldStatus,
            command.OrganizationId,
            await handover.ClientForAsync(lead.ClientId, command.OrganizationId, now, cancellationToken),
            by,
            now
        );
        var charged = (command.Price ?? 0m).ToString("0.00", CultureInfo.InvariantCulture);
        lead.RecordEvent(LeadHistoryFields.HandedOver, null, charged, by, now);

        var terms = command.Price is { } charge ? $"за {charge:0.00} ₽" : "бесплатно";
        await NotifyAsync(
            command.OrganizationId,
            lead.Id,
            "Вам передан лид",
            $"Головной офис передал вам лид {terms}."
        );
        if (from != Organization.HeadOfficeId)
        {
            await NotifyAsync(from, null, "Лид передан", $"Головной офис передал лид {lead.Id} другой организации.");
        }

        var dto = LeadDto.From(lead) with { Client = await handover.SummaryAsync(lead.ClientId, cancellationToken) };
        LeadEvents.RaiseMove(events, before, dto);
        return dto;

        Task NotifyAsync(Guid organizationId, Guid? subject, string title, string body) =>
            notice.SendAsync(organizationId, NotificationKind.LeadHandedOver, title, body, subject, cancellationToken);
    }

    /// <summary>Why the organization may not receive the lead: it is not an active partner or franchisee, it owns the
    /// lead already, or it is a partner and a price was given.</summary>
    private async Task<Error?> Receiver(HandOverLeadCommand command, Lead lead, CancellationToken cancellationToken)
    {
        var receiver = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (
            receiver is not { Kind: OrganizationKind.Partner or OrganizationKind.Franchisee }
            || receiver.Status != OrganizationStatus.Active
        )
        {
            return Error.Validation("organizationId", "Must be an active partner's or franchisee's id.");
        }

        if (receiver.Id == lead.OrganizationId)
        {
            return Error.Validation("organizationId", "Is the lead's organization already.");
        }

        return receiver.Kind == OrganizationKind.Partner && command.Price is not null
            ? Error.Validation("price", "Must be absent for a partner: only franchisees are charged for leads.")
            : null;
    }
}
