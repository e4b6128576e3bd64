using MakCrm.Domain.Leads;

namespace MakCrm.Application.LeadStatuses;

/// <summary>Deletes a status no live lead is in; the other statuses stop allowing it and close the gap in the
/// order.</summary>
public sealed record DeleteLeadStatusCommand(string Code, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DeleteLeadStatusHandler(ILeadStatusRepository statuses, ILeadRepository leads, TimeProvider clock)
    : ICommandHandler<DeleteLeadStatusCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteLeadStatusCommand command, CancellationToken cancellationToken)
    {
        // The update locks wait for commands that share-locked the status to put a lead in it, so the count is final.
        var ordered = await statuses.LockAllAsync(cancellationToken);
        if (ordered.Find(s => s.Code == command.Code) is not { } status)
        {
            return LeadStatusRules.NotFound(command.Code);
        }

        var precondition = command.IfMatch.IfPresent(status.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        if (status.Code == LeadStatus.DefaultCode)
        {
            return new Error(
                ErrorCodes.LeadStatusInUse,
                $"'{LeadStatus.DefaultCode}' is the status new leads start in; it cannot be deleted.",
                ErrorKind.Conflict
            );
        }

        var inUse = await leads.CountInStatusAsync(status.Code, cancellationToken);
        if (inUse > 0)
        {
            return new Error(
                ErrorCodes.LeadStatusInUse,
                $"{inUse} lead(s) are in status '{status.Code}'; move them to another status first.",
                ErrorKind.Conflict
            );
        }

        var now = clock.UtcNowMicroseconds();
        status.Delete(now);
        ordered.Remove(status);
        foreach (var other in ordered)
        {
            other.ForgetTransitionTo(status.Code, now);
        }

        LeadStatusRules.Renumber(ordered, now);
        return Unit.Value;
    }
}
