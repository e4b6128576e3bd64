namespace MakCrm.Domain.Tasks;

/// <summary>A reminder comes at the latest when the task is due.</summary>
public sealed class ReminderNotAfterDueTime(TaskDetails details) : IBusinessRule
{
    public bool IsBroken() => details.RemindAt > details.DueAt;

    public Error Error => Error.Validation("remindAt", "Must not be later than dueAt.");
}
