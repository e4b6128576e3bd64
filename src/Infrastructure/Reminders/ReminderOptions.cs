namespace MakCrm.Infrastructure.Reminders;

/// <summary>The task reminder worker (configuration section <c>Mak:Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string Section = "Mak:Reminders";

    /// <summary>Off: this instance sends no reminders (others on the same database still may).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>At most this many reminders are claimed and delivered in one transaction.</summary>
    public int BatchSize { get; set; } = 100;
}
