using MakCrm.Domain.Retention;

namespace MakCrm.Application.Retention;

public sealed record ListRetentionRulesQuery : IQuery<Contracts.RetentionRuleList>;

/// <summary>A JSON merge patch of a retention rule.</summary>
public sealed record UpdateRetentionRuleCommand(
    RetentionDataKind Kind,
    VersionCheck IfMatch,
    Patch<int> Days,
    Patch<bool> Enabled
) : ICommand<Contracts.RetentionRule>;

public sealed record ListLegalHoldsQuery(Guid? ClientId, string? Cursor, int? Limit)
    : IQuery<Page<Contracts.LegalHold>>;

public sealed record CreateLegalHoldCommand(Guid ClientId, string Reason) : ICommand<Contracts.LegalHold>;

public sealed record DeleteLegalHoldCommand(Guid Id) : ICommand<Unit>;

public sealed record ListDestructionRunsQuery(string? Cursor, int? Limit) : IQuery<Page<Contracts.DestructionRun>>;

public sealed record GetDestructionRunQuery(Guid Id) : IQuery<Contracts.DestructionRun>;

/// <summary>What the next destruction round would destroy: a dry run that writes nothing.</summary>
public sealed record ListDueDestructionsQuery(int? Limit) : IQuery<Contracts.DueDestructionList>;

/// <summary>The lists of this feature, newest first by creation.</summary>
public enum RetentionSortField
{
    CreatedAt,
}

public static class RetentionSorts
{
    public static SortCatalog<RetentionSortField, Contracts.LegalHold> Holds { get; } =
        new("legal_holds", "-createdAt", ("createdAt", RetentionSortField.CreatedAt, typeof(DateTimeOffset),
            h => h.CreatedAt));

    public static SortCatalog<RetentionSortField, Contracts.DestructionRun> Runs { get; } =
        new("destruction_runs", "-createdAt", ("createdAt", RetentionSortField.CreatedAt, typeof(DateTimeOffset),
            r => r.DestroyedAt));
}

internal sealed class UpdateRetentionRuleValidator : AbstractValidator<UpdateRetentionRuleCommand>
{
    public UpdateRetentionRuleValidator() =>
        RuleFor(c => c.Days.Value)
            .InclusiveBetween(RetentionRule.MinDays, RetentionRule.MaxDays)
            .WithMessage($"Must be {RetentionRule.MinDays} to {RetentionRule.MaxDays}.")
            .OverridePropertyName("days")
            .When(c => c.Days.IsPresent);
}

internal sealed class CreateLegalHoldValidator : AbstractValidator<CreateLegalHoldCommand>
{
    public CreateLegalHoldValidator() => RuleFor(c => c.Reason).RequiredText(LegalHold.MaxReasonLength);
}

internal sealed class ListLegalHoldsValidator : AbstractValidator<ListLegalHoldsQuery>
{
    public ListLegalHoldsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListDestructionRunsValidator : AbstractValidator<ListDestructionRunsQuery>
{
    public ListDestructionRunsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListDueDestructionsValidator : AbstractValidator<ListDueDestructionsQuery>
{
    public ListDueDestructionsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

public static class RetentionAnswers
{
    public static Contracts.RetentionRule Of(RetentionRule rule) =>
        new(rule.Id, rule.Kind, rule.Days, rule.Enabled, rule.UpdatedAt, rule.Version);

    public static Contracts.LegalHold Of(LegalHold hold) =>
        new(hold.Id, hold.ClientId, hold.Reason, hold.CreatedByUserId, hold.CreatedAt, hold.Version);

    public static Contracts.DestructionRun Of(DestructionRun run) =>
        new(
            run.Id,
            run.CreatedAt,
            [
                .. run.Subjects.Select(s => new Contracts.DestructionSubject(
                    s.SubjectType,
                    s.SubjectId,
                    s.Reason,
                    s.Categories,
                    [.. s.Copies.Select(c => new Contracts.DestructionCopy(c.Copy, c.Records))]
                )),
            ],
            run.ActDocumentId,
            run.LogExtractDocumentId
        );
}

internal sealed class ListRetentionRulesHandler(IRetentionRepository repository)
    : IQueryHandler<ListRetentionRulesQuery, Contracts.RetentionRuleList>
{
    public async Task<Result<Contracts.RetentionRuleList>> Handle(
        ListRetentionRulesQuery query,
        CancellationToken cancellationToken
    ) =>
        new Contracts.RetentionRuleList(
            [.. (await repository.ListRulesAsync(cancellationToken)).Select(RetentionAnswers.Of)]
        );
}

internal sealed class UpdateRetentionRuleHandler(IRetentionRepository repository, TimeProvider clock)
    : ICommandHandler<UpdateRetentionRuleCommand, Contracts.RetentionRule>
{
    public async Task<Result<Contracts.RetentionRule>> Handle(
        UpdateRetentionRuleCommand command,
        CancellationToken cancellationToken
    )
    {
        var rule =
            await repository.FindRuleAsync(command.Kind, cancellationToken)
            ?? throw new InvalidOperationException($"The retention rule {command.Kind} is not seeded.");
        var precondition = command.IfMatch.Require(rule.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        rule.Update(command.Days.Or(rule.Days), command.Enabled.Or(rule.Enabled), clock.UtcNowMicroseconds());
        return RetentionAnswers.Of(rule);
    }
}

internal sealed class ListLegalHoldsHandler(IRetentionRepository repository)
    : IQueryHandler<ListLegalHoldsQuery, Page<Contracts.LegalHold>>
{
    public async Task<Result<Page<Contracts.LegalHold>>> Handle(
        ListLegalHoldsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(RetentionSorts.Holds, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await repository.ListHoldsAsync(query.ClientId, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(RetentionSorts.Holds, sort, [.. rows.Select(RetentionAnswers.Of)], limit, h => h.Id);
    }
}

internal sealed class CreateLegalHoldHandler(
    IRetentionRepository repository,
    IClientRepository clients,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateLegalHoldCommand, Contracts.LegalHold>
{
    public async Task<Result<Contracts.LegalHold>> Handle(
        CreateLegalHoldCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await clients.GetAsync(command.ClientId, new DataScope(null), cancellationToken) is null)
        {
            return Error.NotFound("Client", command.ClientId);
        }

        if (await repository.IsHeldAsync(command.ClientId, cancellationToken))
        {
            return new Error(
                ErrorCodes.LegalHoldExists,
                "The client is under a legal hold already; lift it first to place another.",
                ErrorKind.Conflict
            );
        }

        var hold = LegalHold.Place(
            clock.NewId(),
            command.ClientId,
            command.Reason,
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        repository.Add(hold);
        return RetentionAnswers.Of(hold);
    }
}

internal sealed class DeleteLegalHoldHandler(IRetentionRepository repository, TimeProvider clock)
    : ICommandHandler<DeleteLegalHoldCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteLegalHoldCommand command, CancellationToken cancellationToken)
    {
        if (await repository.FindHoldAsync(command.Id, cancellationToken) is not { } hold)
        {
            return Error.NotFound("Legal hold", command.Id);
        }

        hold.Lift(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

internal sealed class ListDestructionRunsHandler(IRetentionRepository repository)
    : IQueryHandler<ListDestructionRunsQuery, Page<Contracts.DestructionRun>>
{
    public async Task<Result<Page<Contracts.DestructionRun>>> Handle(
        ListDestructionRunsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(RetentionSorts.Runs, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await repository.ListRunsAsync(after, limit + 1, cancellationToken);
        return ListPaging.ToPage(RetentionSorts.Runs, sort, [.. rows.Select(RetentionAnswers.Of)], limit, r => r.Id);
    }
}

internal sealed class GetDestructionRunHandler(IRetentionRepository repository)
    : IQueryHandler<GetDestructionRunQuery, Contracts.DestructionRun>
{
    public async Task<Result<Contracts.DestructionRun>> Handle(
        GetDestructionRunQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetRunAsync(query.Id, cancellationToken) is { } run
            ? RetentionAnswers.Of(run)
            : Error.NotFound("Destruction run", query.Id);
}

internal sealed class ListDueDestructionsHandler(
    IRetentionRepository repository,
    IPersonalDataDestruction destruction,
    TimeProvider clock
) : IQueryHandler<ListDueDestructionsQuery, Contracts.DueDestructionList>
{
    public async Task<Result<Contracts.DueDestructionList>> Handle(
        ListDueDestructionsQuery query,
        CancellationToken cancellationToken
    )
    {
        var rules = await repository.ListRulesAsync(cancellationToken);
        var due = await destruction.ListDueAsync(
            rules,
            clock.GetUtcNow(),
            query.Limit ?? PageLimits.Default,
            claim: false,
            cancellationToken
        );
        return new Contracts.DueDestructionList(
            [.. due.Select(d => new Contracts.DueDestruction(d.SubjectType, d.SubjectId, d.Reason, d.DueSince))]
        );
    }
}
