using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Clients;
using MakCrm.Application.Leads;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.LeadReturns;

/// <summary>A franchisee returns a lead it bought, within the return period after the charge.</summary>
public sealed record RequestLeadReturnCommand(Guid LeadId, LeadReturnReason Reason, string? Comment)
    : ICommand<LeadReturnDto>;

internal sealed class RequestLeadReturnValidator : AbstractValidator<RequestLeadReturnCommand>
{
    public RequestLeadReturnValidator()
    {
        RuleFor(c => c.Reason).Defined();
        RuleFor(c => c.Comment).OptionalText(LeadReturn.MaxCommentLength);
        RuleFor(c => c.Comment)
            .Must(c => !string.IsNullOrWhiteSpace(c))
            .When(c => c.Reason == LeadReturnReason.Other)
            .WithMessage("Is required when the reason is other.");
    }
}

internal sealed class RequestLeadReturnHandler(
    ILeadReturnRepository returns,
    ILedgerReader ledger,
    IUserDirectory users,
    INotificationOutbox outbox,
    IEventOutbox events,
    ClientSummaryLookup summaries,
    ICurrentActor actor,
    LeadReturnOptions options,
    TimeProvider clock
) : ICommandHandler<RequestLeadReturnCommand, LeadReturnDto>
{
    public async Task<Result<LeadReturnDto>> Handle(
        RequestLeadReturnCommand command,
        CancellationToken cancellationToken
    )
    {
        // Only the caller's own organization's lead; the lock makes requests about one lead run one at a time.
        var lead = await returns.LockLeadAsync(command.LeadId, DataScope.Own(actor), cancellationToken);
        if (lead is null)
        {
            return Error.NotFound("Lead", command.LeadId);
        }

        if (await returns.OpenExistsAsync(lead.Id, cancellationToken))
        {
            return new Error(
                ErrorCodes.LeadReturnOpen,
                $"Lead {lead.Id} has a return waiting for head office's decision already.",
                ErrorKind.Conflict
            );
        }

        var charge = await ledger.LatestChargeAsync(lead.Id, actor.OrganizationId, cancellationToken);
        if (charge is null)
        {
            return new Error(
                ErrorCodes.LeadNotReturnable,
                $"Your organization did not buy lead {lead.Id}; only bought leads are returned.",
                ErrorKind.Conflict
            );
        }

        if (await returns.StatusForChargeAsync(charge.EntryId, cancellationToken) is { } earlier)
        {
            return new Error(
                ErrorCodes.LeadNotReturnable,
                $"The purchase of lead {lead.Id} was returned once already (the return was "
                    + $"{SnakeCaseNames.Of(earlier)}); a purchase is returned at most once.",
                ErrorKind.Conflict
            );
        }

        var now = clock.UtcNowMicroseconds();
        var inTime = new ReturnWithinPeriod(charge, options.Period, now);
        if (inTime.IsBroken())
        {
            return inTime.Error;
        }

        var leadReturn = LeadReturn.Request(clock.NewId(), charge, command.Reason, command.Comment, actor.UserId, now);
        returns.Add(leadReturn);
        var before = LeadBefore.Of(lead);
        lead.RecordEvent(
            LeadHistoryFields.ReturnRequested,
            null,
            SnakeCaseNames.Of(command.Reason),
            actor.AsLeadActor(),
            now
        );
        LeadEvents.RaiseChanges(
            events,
            before,
            LeadDto.From(lead) with
            {
                Client = await summaries.ForAsync(lead.ClientId, cancellationToken),
            }
        );
        var deciders = await users.FindHeadOfficeUsersWithAsync(Permissions.LeadReturnsDecide, cancellationToken);
        await outbox.AddAsync(
            [
                .. deciders.Select(recipient => new NotificationDraft(
                    recipient.Id,
                    recipient.OrganizationId,
                    NotificationKind.LeadReturnRequested,
                    "Франчайзи возвращает лид",
                    $"Возврат {leadReturn.Id} по лиду {lead.Id} на {charge.Amount:0.00} ₽, причина: "
                        + $"{SnakeCaseNames.Of(command.Reason)}.",
                    NotificationSubjectType.Lead,
                    lead.Id
                )),
            ],
            cancellationToken
        );

        var dto = LeadReturnDto.From(leadReturn);
        events.Raise(EventPayloads.LeadReturnRequested, leadReturn.OrganizationId, leadReturn.Id, dto);
        return dto;
    }
}
