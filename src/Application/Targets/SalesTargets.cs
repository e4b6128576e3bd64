using System.Globalization;
using MakCrm.Domain.Access;
using MakCrm.Domain.Targets;

namespace MakCrm.Application.Targets;

/// <summary>Which targets a read takes: within a data scope (its organization, or all), narrowed by organization,
/// user, level and months (both included, first days).</summary>
public sealed record SalesTargetFilter(
    DataScope Scope,
    Guid? OrganizationId,
    Guid? UserId,
    SalesTargetLevel? Level,
    DateOnly? MonthFrom,
    DateOnly? MonthTo
);

public enum SalesTargetSortField
{
    Month,
    CreatedAt,
}

public static class SalesTargetSorts
{
    public static SortCatalog<SalesTargetSortField, Contracts.SalesTarget> Catalog { get; } =
        new(
            "sales_targets",
            "month",
            ("month", SalesTargetSortField.Month, typeof(DateOnly), t => Months.Parse(t.Month)!.Value),
            ("createdAt", SalesTargetSortField.CreatedAt, typeof(DateTimeOffset), t => t.CreatedAt)
        );
}

public sealed record SalesTargetListCriteria(
    SalesTargetFilter Filter,
    SortOption<SalesTargetSortField> Sort,
    KeysetPosition? After,
    int Take
);

/// <summary>What a target's month reached and the names it is shown with.</summary>
public sealed record SalesTargetFacts(string OrganizationName, string? UserName, int WonDeals, decimal WonAmount);

public sealed record ListSalesTargetsQuery(
    Guid? OrganizationId,
    Guid? UserId,
    SalesTargetLevel? Level,
    string? MonthFrom,
    string? MonthTo,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.SalesTarget>>;

public sealed record GetSalesTargetQuery(Guid Id) : IQuery<Contracts.SalesTarget>;

public sealed record CreateSalesTargetCommand(
    Guid OrganizationId,
    Guid? UserId,
    string Month,
    decimal Amount,
    int? Deals
) : ICommand<Contracts.SalesTarget>;

/// <summary>A JSON merge patch of a target's amount and count.</summary>
public sealed record UpdateSalesTargetCommand(Guid Id, VersionCheck IfMatch, Patch<decimal> Amount, Patch<int?> Deals)
    : ICommand<Contracts.SalesTarget>;

public sealed record DeleteSalesTargetCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

/// <summary>Months as the contract writes them: <c>YYYY-MM</c>, 2000-01 to 2100-12, held as their first day.</summary>
public static class Months
{
    public static readonly DateOnly First = new(2000, 1, 1);
    public static readonly DateOnly Last = new(2100, 12, 1);

    public const string Hint = "Must be a month YYYY-MM from 2000-01 to 2100-12.";

    /// <summary>The month's first day; <c>null</c> for anything that is not a month of the range.</summary>
    public static DateOnly? Parse(string? month) =>
        DateOnly.TryParseExact(
            month + "-01",
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var day
        )
        && month!.Length == 7
        && day >= First
        && day <= Last
            ? day
            : null;

    public static string Name(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

internal static class SalesTargetRules
{
    public static IRuleBuilderOptions<T, decimal> ValidAmount<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(a => a > 0 && a <= SalesTarget.MaxAmount && a == Money.ToKopecks(a))
            .WithMessage(
                $"Must be roubles more than 0 and at most {SalesTarget.MaxAmount:0}, with at most two decimal places."
            );

    public static IRuleBuilderOptions<T, int?> ValidDeals<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(d => d is null or >= 1 and <= SalesTarget.MaxDeals)
            .WithMessage($"Must be 1 to {SalesTarget.MaxDeals}.");

    public static IRuleBuilderOptions<T, string?> ValidMonth<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(m => m is null || Months.Parse(m) is not null).WithMessage(Months.Hint);

    public static Error NotFound(Guid id) => Error.NotFound("Sales target", id);
}

internal sealed class ListSalesTargetsValidator : AbstractValidator<ListSalesTargetsQuery>
{
    public ListSalesTargetsValidator()
    {
        RuleFor(q => q.MonthFrom).ValidMonth();
        RuleFor(q => q.MonthTo).ValidMonth();
        RuleFor(q => q.MonthTo)
            .Must((q, to) => Months.Parse(to) >= Months.Parse(q.MonthFrom))
            .When(q => Months.Parse(q.MonthFrom) is not null && Months.Parse(q.MonthTo) is not null)
            .WithMessage("Must not be before monthFrom.");
        RuleFor(q => q.Sort).ValidSort(SalesTargetSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateSalesTargetValidator : AbstractValidator<CreateSalesTargetCommand>
{
    public CreateSalesTargetValidator()
    {
        RuleFor(c => c.Month).NotEmpty().WithMessage(Months.Hint).ValidMonth();
        RuleFor(c => c.Amount).ValidAmount();
        RuleFor(c => c.Deals).ValidDeals();
    }
}

internal sealed class UpdateSalesTargetValidator : AbstractValidator<UpdateSalesTargetCommand>
{
    public UpdateSalesTargetValidator()
    {
        RuleFor(c => c.Amount.Value).ValidAmount().OverridePropertyName("amount").When(c => c.Amount.IsPresent);
        RuleFor(c => c.Deals.Value).ValidDeals().OverridePropertyName("deals").When(c => c.Deals.IsPresent);
    }
}

/// <summary>
/// Who sets an organization's targets: head office (<see cref="Permissions.SalesTargetsManageAll"/>) any
/// organization's and its users'; the owner of an organization (<see cref="Permissions.SalesTargetsManageOwn"/>) its
/// own users', not the organization's own target, which head office gives it. Everyone else is refused.
/// </summary>
internal sealed class SalesTargetAccess(ICurrentActor actor, IUserAdministration users)
{
    public async Task<Error?> RefusalAsync(Guid organizationId, Guid? userId, CancellationToken cancellationToken)
    {
        if (actor.Has(Permissions.SalesTargetsManageAll))
        {
            return null;
        }

        var owner =
            actor.Has(Permissions.SalesTargetsManageOwn)
            && userId is not null
            && organizationId == actor.OrganizationId
            && actor.UserId is { } caller
            && await users.OwnedOrganizationAsync(caller, cancellationToken) == organizationId;
        return owner
            ? null
            : new Error(
                ErrorCodes.Forbidden,
                "Only head office sets an organization's targets; the organization's owner sets its users' targets.",
                ErrorKind.Forbidden
            );
    }

    /// <summary>What the caller reads: the organizations whose deals it reads.</summary>
    public DataScope Reads => DataScope.For(actor, Permissions.DealsReadAll);

    /// <summary>The target to change, tracked: 404 when the caller does not read it, 403 when it may not set
    /// it.</summary>
    public async Task<Result<SalesTarget>> ToChangeAsync(
        ISalesTargetRepository repository,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindAsync(id, Reads, cancellationToken);
        if (found is null)
        {
            return SalesTargetRules.NotFound(id);
        }

        if (await RefusalAsync(found.OrganizationId, found.UserId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return found;
    }
}

internal sealed class ListSalesTargetsHandler(
    ISalesTargetRepository repository,
    ISalesTargetFactsReader facts,
    SalesTargetAccess access
) : IQueryHandler<ListSalesTargetsQuery, Page<Contracts.SalesTarget>>
{
    public async Task<Result<Page<Contracts.SalesTarget>>> Handle(
        ListSalesTargetsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(SalesTargetSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new SalesTargetFilter(
            access.Reads,
            query.OrganizationId,
            query.UserId,
            query.Level,
            Months.Parse(query.MonthFrom),
            Months.Parse(query.MonthTo)
        );
        var rows = await repository.ListAsync(
            new SalesTargetListCriteria(filter, sort, after, limit + 1),
            cancellationToken
        );
        var answers = await SalesTargetAnswers.OfAsync(rows, facts, cancellationToken);
        return ListPaging.ToPage(SalesTargetSorts.Catalog, sort, answers, limit, t => t.Id);
    }
}

internal sealed class GetSalesTargetHandler(
    ISalesTargetRepository repository,
    ISalesTargetFactsReader facts,
    SalesTargetAccess access
) : IQueryHandler<GetSalesTargetQuery, Contracts.SalesTarget>
{
    public async Task<Result<Contracts.SalesTarget>> Handle(
        GetSalesTargetQuery query,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.GetAsync(query.Id, access.Reads, cancellationToken);
        return found is null
            ? SalesTargetRules.NotFound(query.Id)
            : (await SalesTargetAnswers.OfAsync([found], facts, cancellationToken))[0];
    }
}

internal sealed class CreateSalesTargetHandler(
    ISalesTargetRepository repository,
    ISalesTargetFactsReader facts,
    IOrganizationRepository organizations,
    IUserAdministration users,
    SalesTargetAccess access,
    TimeProvider clock
) : ICommandHandler<CreateSalesTargetCommand, Contracts.SalesTarget>
{
    public async Task<Result<Contracts.SalesTarget>> Handle(
        CreateSalesTargetCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await access.RefusalAsync(command.OrganizationId, command.UserId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (await organizations.FindAsync(command.OrganizationId, cancellationToken) is null)
        {
            return Error.NotFound("Organization", command.OrganizationId);
        }

        if (
            command.UserId is { } userId
            && (await users.FindAsync(userId, DataScope.All, cancellationToken))?.OrganizationId
                != command.OrganizationId
        )
        {
            return Error.Validation("userId", "Must be a user of the organization.");
        }

        var month = Months.Parse(command.Month)!.Value;
        if (await repository.TakenAsync(command.OrganizationId, command.UserId, month, cancellationToken))
        {
            return new Error(
                ErrorCodes.SalesTargetExists,
                $"There is a target for {Months.Name(month)} already; change it with PATCH.",
                ErrorKind.Conflict
            );
        }

        var created = SalesTarget.Set(
            clock.NewId(),
            command.OrganizationId,
            command.UserId,
            month,
            command.Amount,
            command.Deals,
            clock.UtcNowMicroseconds()
        );
        repository.Add(created);
        return (await SalesTargetAnswers.OfAsync([created], facts, cancellationToken))[0];
    }
}

internal sealed class UpdateSalesTargetHandler(
    ISalesTargetRepository repository,
    ISalesTargetFactsReader facts,
    SalesTargetAccess access,
    TimeProvider clock
) : ICommandHandler<UpdateSalesTargetCommand, Contracts.SalesTarget>
{
    public async Task<Result<Contracts.SalesTarget>> Handle(
        UpdateSalesTargetCommand command,
        CancellationToken cancellationToken
    )
    {
        var target = await access.ToChangeAsync(repository, command.Id, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var found = target.Value;
        var precondition = command.IfMatch.Require(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        found.Change(command.Amount.Or(found.Amount), command.Deals.Or(found.Deals), clock.UtcNowMicroseconds());
        return (await SalesTargetAnswers.OfAsync([found], facts, cancellationToken))[0];
    }
}

internal sealed class DeleteSalesTargetHandler(
    ISalesTargetRepository repository,
    SalesTargetAccess access,
    TimeProvider clock
) : ICommandHandler<DeleteSalesTargetCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteSalesTargetCommand command, CancellationToken cancellationToken)
    {
        var target = await access.ToChangeAsync(repository, command.Id, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var found = target.Value;
        var precondition = command.IfMatch.IfPresent(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        found.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

/// <summary>Targets as the API answers them: with their names and what their month reached.</summary>
public static class SalesTargetAnswers
{
    /// <summary>The answers for <paramref name="targets"/>, in their order, their facts read in one
    /// statement.</summary>
    public static async Task<IReadOnlyList<Contracts.SalesTarget>> OfAsync(
        IReadOnlyList<SalesTarget> targets,
        ISalesTargetFactsReader reader,
        CancellationToken cancellationToken
    )
    {
        if (targets.Count == 0)
        {
            return [];
        }

        var facts = await reader.ReadAsync(targets, cancellationToken);
        return targets.Select((t, i) => Of(t, facts[i])).ToList();
    }

    public static Contracts.SalesTarget Of(SalesTarget target, SalesTargetFacts facts) =>
        new(
            target.Id,
            target.OrganizationId,
            facts.OrganizationName,
            target.UserId,
            facts.UserName,
            Months.Name(target.Month),
            target.Amount,
            target.Deals,
            new Contracts.TargetAttainment(
                facts.WonDeals,
                facts.WonAmount,
                Share(facts.WonAmount, target.Amount),
                target.Deals is { } deals ? Share(facts.WonDeals, deals) : null
            ),
            target.CreatedAt,
            target.UpdatedAt,
            target.Version
        );

    /// <summary>The fraction reached, with four decimals always written.</summary>
    public static decimal Share(decimal reached, decimal target) =>
        Math.Round(reached / target, 4, MidpointRounding.AwayFromZero) + 0.0000m;
}
