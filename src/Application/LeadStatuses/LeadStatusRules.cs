using MakCrm.Domain.Leads;

namespace MakCrm.Application.LeadStatuses;

/// <summary>The field rules of lead statuses, and the checks that need the other statuses.</summary>
internal static class LeadStatusRules
{
    public static IRuleBuilderOptions<T, string?> ValidStatusName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t))
            .WithMessage("Must not be empty.")
            .MaximumLength(LeadStatus.MaxNameLength)
            .WithMessage($"Must be at most {LeadStatus.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidColor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^#[0-9A-Fa-f]{6}$").WithMessage("Must be a colour as #RRGGBB, e.g. #1E88E5.");

    public static IRuleBuilderOptions<T, int> ValidOrder<T>(this IRuleBuilder<T, int> rule) =>
        rule.GreaterThanOrEqualTo(1).WithMessage("Must be 1 or more.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidTransitionList<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.NotNull()
            .WithMessage("Must be a list of status codes.")
            .Must(t => t is null || t.Count <= 100)
            .WithMessage("Must name at most 100 statuses.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidRoleList<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.NotNull()
            .WithMessage("Must be a list of roles (empty: every role).")
            .Must(roles => roles is null || roles.All(StatusMustAllowRole.KnownRoles.Contains))
            .WithMessage($"Must name only roles: {string.Join(", ", StatusMustAllowRole.KnownRoles)}.");

    /// <summary>Transitions may only name other, existing statuses.</summary>
    public static Error? CheckTransitions(
        string code,
        IReadOnlyList<string> transitions,
        IEnumerable<LeadStatus> statuses
    )
    {
        var known = statuses.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        if (transitions.Contains(code, StringComparer.Ordinal))
        {
            return Error.Validation(
                "transitions",
                "Must not name the status itself: staying in a status is not a transition."
            );
        }

        var unknown = transitions.Where(t => !known.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? null
            : Error.Validation(
                "transitions",
                $"Names no status: {string.Join(", ", unknown)}. Known statuses: "
                    + $"{string.Join(", ", known.Order(StringComparer.Ordinal))}."
            );
    }

    public static Error OrderOutOfRange(int max) => Error.Validation("order", $"Must be between 1 and {max}.");

    /// <summary>Puts <paramref name="moving"/> at 1-based <paramref name="position"/> and numbers all of them 1..n
    /// again.</summary>
    public static void Arrange(List<LeadStatus> ordered, LeadStatus moving, int position, DateTimeOffset now)
    {
        ordered.Remove(moving);
        ordered.Insert(position - 1, moving);
        Renumber(ordered, now);
    }

    public static void Renumber(IReadOnlyList<LeadStatus> ordered, DateTimeOffset now)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1, now);
        }
    }

    public static Error NotFound(string code) =>
        new(ErrorCodes.NotFound, $"There is no lead status '{code}'.", ErrorKind.NotFound);
}
