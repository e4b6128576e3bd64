using System.Globalization;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Leads;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using Lead = MakCrm.Domain.Leads.Lead;

namespace MakCrm.Application.AmoCrm;

/// <summary>Register MaK's webhook in the connected account and start the sync both ways.</summary>
public sealed record StartAmoCrmSyncCommand(string PublicBaseUrl) : ICommand<Contracts.AmoCrmSync>;

/// <summary>The sync's state, lags and directions.</summary>
public sealed record GetAmoCrmSyncQuery : IQuery<Contracts.AmoCrmSync>;

/// <summary>Pause (<see cref="AmoCrmSyncState.Paused"/>) or resume (<see cref="AmoCrmSyncState.Running"/>) the
/// sync.</summary>
public sealed record SetAmoCrmSyncStateCommand(AmoCrmSyncState State) : ICommand<Contracts.AmoCrmSync>;

/// <summary>Read again every lead amoCRM changed since <paramref name="Since"/>.</summary>
public sealed record ReplayAmoCrmSyncCommand(DateTimeOffset Since) : ICommand<Contracts.AmoCrmSync>;

/// <summary>The conflicts recorded, newest first; <paramref name="Cursor"/> is the last conflict's id.</summary>
public sealed record ListAmoCrmConflictsQuery(string? Cursor, int? Limit) : IQuery<Contracts.AmoCrmConflictPage>;

/// <summary>A webhook delivery: the secret of its path, the form's <c>account[id]</c> and the body as sent.</summary>
public sealed record ReceiveAmoCrmWebhookCommand(string Secret, long? AccountId, string Body) : ICommand<Unit>;

/// <summary>
/// The fields the sync keeps in step, as MaK names them (a lead's as its history spells them, a client's as the
/// contract does), and each one's declared direction: which value stands when both sides changed it since the last
/// sync. A change made on one side only always goes to the other. The names differ between the entities, so head
/// office's choice is stored by field alone.
/// </summary>
public static class AmoCrmSyncRules
{
    /// <summary>A client's full name: an amoCRM contact's <c>name</c>.</summary>
    public const string FullName = "fullName";

    /// <summary>A client's phone: the first phone of an amoCRM contact's mapped phone fields MaK takes.</summary>
    public const string Phone = "phone";

    /// <summary>A client's e-mail: the first e-mail of an amoCRM contact's mapped e-mail fields MaK takes.</summary>
    public const string Email = "email";

    /// <summary>amoCRM's managers own the pipeline and who works a lead; MaK owns the amount its commissions are
    /// accrued on.</summary>
    public static IReadOnlyList<(string Field, AmoCrmSyncDirection Direction)> LeadFields { get; } =
    [
        (LeadHistoryFields.Status, AmoCrmSyncDirection.Amocrm),
        (LeadHistoryFields.ResponsibleUserId, AmoCrmSyncDirection.Amocrm),
        (LeadHistoryFields.RequestedAmount, AmoCrmSyncDirection.Mak),
    ];

    /// <summary>The side that changed a contact last wins its data: a borrower's new phone may reach either side
    /// first.</summary>
    public static IReadOnlyList<(string Field, AmoCrmSyncDirection Direction)> ContactFields { get; } =
    [(FullName, AmoCrmSyncDirection.Newest), (Phone, AmoCrmSyncDirection.Newest), (Email, AmoCrmSyncDirection.Newest)];

    /// <summary>Whose leads made in MaK are created in amoCRM: head office's and its partners' (head office's managers
    /// work them there); a franchisee's leads stay in the franchisee's own CRM.</summary>
    public static IReadOnlyList<OrganizationKind> CreatedInAmoCrm { get; } =
    [OrganizationKind.HeadOffice, OrganizationKind.Partner];

    /// <summary>The fields of <paramref name="entity"/> with their declared directions.</summary>
    public static IReadOnlyList<(string Field, AmoCrmSyncDirection Direction)> Declared(AmoCrmEntity entity) =>
        entity == AmoCrmEntity.Leads ? LeadFields : ContactFields;

    /// <summary>Each field of <paramref name="entity"/> with head office's choice of direction
    /// (<paramref name="chosen"/>) over its declared one.</summary>
    public static IReadOnlyList<(string Field, AmoCrmSyncDirection Direction)> FieldsWith(
        AmoCrmEntity entity,
        IReadOnlyDictionary<string, AmoCrmSyncDirection> chosen
    ) => [.. Declared(entity).Select(f => (f.Field, chosen.TryGetValue(f.Field, out var d) ? d : f.Direction))];

    /// <summary>The directions as the sync's state shows them: the leads' fields, then the contacts'.</summary>
    public static IReadOnlyList<AmoCrmFieldDirection> DirectionsWith(
        IReadOnlyDictionary<string, AmoCrmSyncDirection> chosen
    ) =>
        [
            .. new[] { AmoCrmEntity.Leads, AmoCrmEntity.Contacts }.SelectMany(entity =>
                FieldsWith(entity, chosen)
                    .Select(f => new AmoCrmFieldDirection
                    {
                        Entity = entity,
                        Field = f.Field,
                        Direction = f.Direction,
                    })
            ),
        ];

    /// <summary>A lead's synced fields as its history spells them.</summary>
    public static Dictionary<string, string?> ValuesOf(string status, Guid? responsibleUserId, decimal? amount) =>
        new(StringComparer.Ordinal)
        {
            [LeadHistoryFields.Status] = status,
            [LeadHistoryFields.ResponsibleUserId] = responsibleUserId?.ToString(),
            [LeadHistoryFields.RequestedAmount] = amount?.ToString("0.00", CultureInfo.InvariantCulture),
        };

    /// <summary>A client's synced fields: the full name, the phone as MaK normalises it, the e-mail.</summary>
    public static Dictionary<string, string?> ContactValuesOf(string fullName, string phone, string? email) =>
        new(StringComparer.Ordinal)
        {
            [FullName] = fullName,
            [Phone] = phone,
            [Email] = email,
        };
}

internal sealed class StartAmoCrmSyncValidator : AbstractValidator<StartAmoCrmSyncCommand>
{
    public StartAmoCrmSyncValidator() =>
        RuleFor(c => c.PublicBaseUrl)
            .Must(url => AmoCrmConnectionRules.BaseUrlOf(url) is not null)
            .WithMessage("Must be the address amoCRM reaches MaK at: https://host (http only on this machine).");
}

internal sealed class ReplayAmoCrmSyncValidator : AbstractValidator<ReplayAmoCrmSyncCommand>
{
    public ReplayAmoCrmSyncValidator(TimeProvider clock) =>
        RuleFor(c => c.Since).Must(since => since <= clock.GetUtcNow()).WithMessage("Must not be in the future.");
}

internal sealed class ListAmoCrmConflictsValidator : AbstractValidator<ListAmoCrmConflictsQuery>
{
    public ListAmoCrmConflictsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class StartAmoCrmSyncHandler(IAmoCrmSync sync)
    : ICommandHandler<StartAmoCrmSyncCommand, Contracts.AmoCrmSync>
{
    public Task<Result<Contracts.AmoCrmSync>> Handle(
        StartAmoCrmSyncCommand command,
        CancellationToken cancellationToken
    ) => sync.StartAsync(AmoCrmConnectionRules.BaseUrlOf(command.PublicBaseUrl)!, cancellationToken);
}

internal sealed class GetAmoCrmSyncHandler(IAmoCrmSync sync) : IQueryHandler<GetAmoCrmSyncQuery, Contracts.AmoCrmSync>
{
    public Task<Result<Contracts.AmoCrmSync>> Handle(GetAmoCrmSyncQuery query, CancellationToken cancellationToken) =>
        sync.FindAsync(cancellationToken);
}

internal sealed class SetAmoCrmSyncStateHandler(IAmoCrmSync sync)
    : ICommandHandler<SetAmoCrmSyncStateCommand, Contracts.AmoCrmSync>
{
    public Task<Result<Contracts.AmoCrmSync>> Handle(
        SetAmoCrmSyncStateCommand command,
        CancellationToken cancellationToken
    ) => sync.SetStateAsync(command.State, cancellationToken);
}

internal sealed class ReplayAmoCrmSyncHandler(IAmoCrmSync sync)
    : ICommandHandler<ReplayAmoCrmSyncCommand, Contracts.AmoCrmSync>
{
    public Task<Result<Contracts.AmoCrmSync>> Handle(
        ReplayAmoCrmSyncCommand command,
        CancellationToken cancellationToken
    ) => sync.ReplayAsync(command.Since, cancellationToken);
}

internal sealed class ListAmoCrmConflictsHandler(IAmoCrmSync sync)
    : IQueryHandler<ListAmoCrmConflictsQuery, Contracts.AmoCrmConflictPage>
{
    public async Task<Result<Contracts.AmoCrmConflictPage>> Handle(
        ListAmoCrmConflictsQuery query,
        CancellationToken cancellationToken
    ) =>
        ListPaging.IdCursor(query.Cursor) is { IsSuccess: true } before
            ? await sync.ConflictsAsync(before.Value, query.Limit ?? PageLimits.Default, cancellationToken)
            : ListPaging.InvalidCursor;
}

internal sealed class ReceiveAmoCrmWebhookHandler(IAmoCrmSync sync) : ICommandHandler<ReceiveAmoCrmWebhookCommand, Unit>
{
    public Task<Result<Unit>> Handle(ReceiveAmoCrmWebhookCommand command, CancellationToken cancellationToken) =>
        sync.ReceiveAsync(command.Secret, command.AccountId, command.Body, cancellationToken);
}

/// <summary>
/// Applies amoCRM's values of linked leads to MaK (<see cref="AmoCrmRecordSync"/>: one unit of work, the links locked),
/// each lead's fields settled by <see cref="AmoCrmSettledFields"/> and each conflict recorded. A status move that the
/// lead's transitions refuse is recorded as a conflict and MaK's status is marked for the outbox, which writes it back.
/// Changes go through <see cref="LeadSystemChange"/>: the transition rule, the history, the notices and the events of
/// any change. A change MaK refuses otherwise (a responsible user it does not take, the lead changed meanwhile) is
/// answered as that failure, with nothing written.
/// </summary>
public sealed class AmoCrmLeadSync(
    ILeadRepository leads,
    LeadSystemChange change,
    IAmoCrmSyncLinks links,
    IUnitOfWork unitOfWork
) : AmoCrmRecordSync(links, unitOfWork, AmoCrmEntity.Leads)
{
    protected override async Task<Result<bool>> ApplyOneAsync(
        AmoCrmLockedRecord record,
        CancellationToken cancellationToken
    )
    {
        if (await leads.FindAsync(record.Amo.MakId, DataScope.All, cancellationToken) is not { } lead)
        {
            return false;
        }

        var settled = AmoCrmSettledFields.Of(
            record.Fields,
            record.Amo.Values,
            Values(lead),
            record.Synced,
            record.Amo.UpdatedAt > lead.UpdatedAt
        );
        foreach (var conflict in settled.Conflicts)
        {
            await RecordAsync(record, conflict, AmoCrmConflictReason.BothChanged, cancellationToken);
        }

        var (next, apply, pushDue) = (settled.Synced, settled.Apply, settled.PushDue);
        var changed = false;
        if (apply.Count > 0)
        {
            var applied = await change.ApplyAsync(lead, details => With(details, apply), cancellationToken);
            if (
                !applied.IsSuccess
                && applied.Error!.Code == ErrorCodes.LeadStatusTransitionNotAllowed
                && apply.Remove(LeadHistoryFields.Status, out var refused)
            )
            {
                var direction = record.Fields.First(f => f.Field == LeadHistoryFields.Status).Direction;
                await RecordAsync(
                    record,
                    new AmoCrmSettledConflict(LeadHistoryFields.Status, lead.Status, refused, direction, false),
                    AmoCrmConflictReason.TransitionRefused,
                    cancellationToken
                );
                pushDue = true;
                applied =
                    apply.Count > 0
                        ? await change.ApplyAsync(lead, details => With(details, apply), cancellationToken)
                        : Unit.Value;
            }

            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }

            changed = apply.Count > 0;
        }

        await SaveLinkAsync(record, next, pushDue, cancellationToken);
        return changed;
    }

    private static Dictionary<string, string?> Values(Lead lead) =>
        AmoCrmSyncRules.ValuesOf(lead.Status, lead.ResponsibleUserId, lead.RequestedAmount);

    private static LeadDetails With(LeadDetails details, Dictionary<string, string?> apply) =>
        details with
        {
            Status = apply.TryGetValue(LeadHistoryFields.Status, out var status) ? status! : details.Status,
            ResponsibleUserId = apply.TryGetValue(LeadHistoryFields.ResponsibleUserId, out var user)
                ? user is null
                    ? null
                    : Guid.Parse(user)
                : details.ResponsibleUserId,
            RequestedAmount = apply.TryGetValue(LeadHistoryFields.RequestedAmount, out var amount)
                ? amount is null
                    ? null
                    : decimal.Parse(amount, CultureInfo.InvariantCulture)
                : details.RequestedAmount,
        };
}
