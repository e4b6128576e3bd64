namespace MakCrm.Application.Common;

/// <summary>
/// The <c>updatedFrom</c>/<c>updatedTo</c> filter of the lists an integration catches up with: rows whose last change
/// is at or after <see cref="From"/> and before <see cref="To"/> (both optional, in UTC).
/// </summary>
public sealed record UpdatedWindow(DateTimeOffset? From, DateTimeOffset? To)
{
    public static UpdatedWindow None { get; } = new(null, null);

    public static UpdatedWindow Of(IUpdatedWindowQuery query) =>
        new(query.UpdatedFrom?.ToUniversalTime(), query.UpdatedTo?.ToUniversalTime());
}

/// <summary>A list query that takes <c>updatedFrom</c> and <c>updatedTo</c>.</summary>
public interface IUpdatedWindowQuery
{
    DateTimeOffset? UpdatedFrom { get; }

    DateTimeOffset? UpdatedTo { get; }
}

internal sealed class UpdatedWindowValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : IUpdatedWindowQuery
{
    public UpdatedWindowValidator()
    {
        RuleFor(q => q.UpdatedTo)
            .GreaterThan(q => q.UpdatedFrom)
            .When(q => q.UpdatedFrom is not null && q.UpdatedTo is not null)
            .WithMessage("Must be later than updatedFrom.");
    }
}
