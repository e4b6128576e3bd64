namespace MakCrm.Application.Common;

/// <summary>
/// The <c>createdFrom</c>/<c>createdTo</c> filter of a list: rows created at or after <see cref="From"/> and before
/// <see cref="To"/> (both optional, in UTC).
/// </summary>
public sealed record CreatedWindow(DateTimeOffset? From, DateTimeOffset? To)
{
    public static CreatedWindow None { get; } = new(null, null);

    public static CreatedWindow Of(ICreatedWindowQuery query) =>
        new(query.CreatedFrom?.ToUniversalTime(), query.CreatedTo?.ToUniversalTime());
}

/// <summary>A list query that takes <c>createdFrom</c> and <c>createdTo</c>.</summary>
public interface ICreatedWindowQuery
{
    DateTimeOffset? CreatedFrom { get; }

    DateTimeOffset? CreatedTo { get; }
}

internal sealed class CreatedWindowValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : ICreatedWindowQuery
{
    public CreatedWindowValidator()
    {
        RuleFor(q => q.CreatedTo)
            .GreaterThan(q => q.CreatedFrom)
            .When(q => q.CreatedFrom is not null && q.CreatedTo is not null)
            .WithMessage("Must be later than createdFrom.");
    }
}
