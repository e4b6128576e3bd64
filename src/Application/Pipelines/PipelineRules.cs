using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Pipelines;

/// <summary>The field rules of pipelines and stages, and the checks of stage triggers.</summary>
public static class PipelineRules
{
    public static IRuleBuilderOptions<T, string?> ValidPipelineName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t))
            .WithMessage("Must not be empty.")
            .MaximumLength(Pipeline.MaxNameLength)
            .WithMessage($"Must be at most {Pipeline.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidStageName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t))
            .WithMessage("Must not be empty.")
            .MaximumLength(PipelineStage.MaxNameLength)
            .WithMessage($"Must be at most {PipelineStage.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, int> ValidOrder<T>(this IRuleBuilder<T, int> rule) =>
        rule.GreaterThanOrEqualTo(1).WithMessage("Must be 1 or more.");

    public static IRuleBuilderOptions<T, int?> ValidWinProbability<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(WinProbability.IsValid)
            .WithMessage(
                $"Must be a whole percent from {WinProbability.Min} to {WinProbability.Max}, or null (unset)."
            );

    public static Error NotFound(Guid id) => Error.NotFound("Pipeline", id);

    public static Error StageNotFound(Guid id) => Error.NotFound("Pipeline stage", id);

    public static Error OrderOutOfRange(int max) => Error.Validation("order", $"Must be between 1 and {max}.");

    /// <summary>Puts <paramref name="moving"/> at 1-based <paramref name="position"/> and numbers all of them 1..n
    /// again.</summary>
    public static void Arrange(List<Pipeline> ordered, Pipeline moving, int position, DateTimeOffset now)
    {
        ordered.Remove(moving);
        ordered.Insert(position - 1, moving);
        Renumber(ordered, now);
    }

    public static void Renumber(IReadOnlyList<Pipeline> ordered, DateTimeOffset now)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1, now);
        }
    }
}

/// <summary>
/// Checks a stage's triggers before they are stored: each has the fields its kind needs and none it does not; a named
/// user is an active user and a lead status is configured. Field errors are named <c>triggers[i].field</c>.
/// </summary>
internal sealed class StageTriggerCheck(IUserDirectory users, ILeadStatusRepository statuses)
{
    public async Task<Error?> CheckAsync(IReadOnlyList<StageTrigger> triggers, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (triggers.Count > StageTrigger.MaxPerStage)
        {
            errors["triggers"] = [$"Must have at most {StageTrigger.MaxPerStage} triggers."];
        }

        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            void Fail(string field, string message) => errors[$"triggers[{i}].{field}"] = [message];
            void MustBeAbsent(string field, object? value)
            {
                if (value is not null)
                {
                    Fail(field, $"Does not apply to a {SnakeCaseNames.Of(trigger.Kind)} trigger.");
                }
            }

            if (!Enum.IsDefined(trigger.Kind))
            {
                Fail("kind", "Is not one of the allowed values.");
                continue;
            }

            if (trigger.Kind == StageTriggerKind.SetLeadStatus)
            {
                MustBeAbsent("title", trigger.Title);
                MustBeAbsent("dueInHours", trigger.DueInHours);
                MustBeAbsent("recipient", trigger.Recipient);
                MustBeAbsent("userId", trigger.UserId);
                if (
                    string.IsNullOrWhiteSpace(trigger.LeadStatus)
                    || await statuses.FindAsync(
                        trigger.LeadStatus,
                        Abstractions.Persistence.RowLock.None,
                        cancellationToken
                    )
                        is null
                )
                {
                    Fail(
                        "leadStatus",
                        $"Must be the code of a lead status: "
                            + $"{string.Join(", ", await statuses.CodesAsync(cancellationToken))}."
                    );
                }

                continue;
            }

            MustBeAbsent("leadStatus", trigger.LeadStatus);
            if (trigger.Kind == StageTriggerKind.CreateTask)
            {
                if (string.IsNullOrWhiteSpace(trigger.Title) || trigger.Title.Length > StageTrigger.MaxTitleLength)
                {
                    Fail("title", $"A task needs a title of 1 to {StageTrigger.MaxTitleLength} characters.");
                }

                if (trigger.DueInHours is not (>= 0 and <= StageTrigger.MaxDueInHours))
                {
                    Fail("dueInHours", $"Must be between 0 and {StageTrigger.MaxDueInHours}.");
                }
            }
            else
            {
                MustBeAbsent("dueInHours", trigger.DueInHours);
                if (trigger.Title is { Length: > StageTrigger.MaxTitleLength })
                {
                    Fail("title", $"Must be at most {StageTrigger.MaxTitleLength} characters.");
                }
            }

            switch (trigger.Recipient)
            {
                case null or TriggerRecipient.Responsible:
                    MustBeAbsent("userId", trigger.UserId);
                    break;
                case TriggerRecipient.User
                    when trigger.UserId is not { } userId
                        || await users.FindActiveAsync(userId, cancellationToken) is null:
                    Fail("userId", "Must be the id of an active user when the recipient is 'user'.");
                    break;
                case TriggerRecipient.User:
                    break;
                default:
                    Fail("recipient", "Is not one of the allowed values.");
                    break;
            }
        }

        return errors.Count == 0 ? null : Error.Validation(errors);
    }
}
